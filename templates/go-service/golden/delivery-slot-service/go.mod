module delivery-slot-service

// The oldest Go this code builds with (the standard library only, no
// dependencies). CI and the image build with the release set in
// .github/workflows/ci.yaml (GO_VERSION).
go 1.19

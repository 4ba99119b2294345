module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  testRules: {
    // A supertest answer's `.expect(status)` is an assertion (it fails the
    // test), also on a request a helper built: eslint-plugin-jest's documented
    // way to teach the rule a library's assertion.
    'jest/expect-expect': [
      'warn',
      { assertFunctionNames: ['expect', '**.expect'] },
    ],
  },
});

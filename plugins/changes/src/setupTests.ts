import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// A hang guard, not a timing goal: on a loaded 2-core machine a permission
// answer or a lazy component can take seconds to arrive in jsdom.
configure({ asyncUtilTimeout: 20_000 });

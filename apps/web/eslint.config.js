import base from '@swarmhost/eslint-config/base';

export default [
  ...base,
  // Browser tests start the server with their own environment.
  { files: ['e2e/**'], rules: { 'no-restricted-properties': 'off' } },
];

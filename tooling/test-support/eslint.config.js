import base from '@swarmhost/eslint-config/base';

export default base;

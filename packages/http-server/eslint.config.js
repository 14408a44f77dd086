import shared from '../../eslint.config.js';

export default [{ ignores: ['.test-dist/**'] }, ...shared];

/** The product version, as `--version`, SARIF and reports print it. Keep in step with package.json. */
export const VERSION = '0.1.0';

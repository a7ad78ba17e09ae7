/** Unit tests are fast and pure; engine tests run the packaged app in the real Apps-Engine (one at a time). */
const tsJest = ['ts-jest', { diagnostics: false, tsconfig: 'tsconfig.json' }];

module.exports = {
    reporters: ['default', '<rootDir>/test/summaryReporter.js'],
    // A global option in Jest 30 (a project's own testTimeout is ignored). Engine and browser tests start the real
    // engine and Chromium; unit tests finish in milliseconds either way.
    testTimeout: 120000,
    projects: [
        {
            displayName: 'unit',
            testEnvironment: 'node',
            transform: { '^.+\\.ts$': tsJest },
            testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
        },
        {
            displayName: 'engine',
            testEnvironment: 'node',
            transform: { '^.+\\.ts$': tsJest },
            testMatch: ['<rootDir>/test/engine/**/*.test.ts'],
            globalSetup: '<rootDir>/test/engine/globalSetup.ts',
        },
        {
            displayName: 'browser',
            testEnvironment: 'node',
            transform: { '^.+\\.ts$': tsJest },
            testMatch: ['<rootDir>/test/browser/**/*.test.ts'],
            globalSetup: '<rootDir>/test/browser/globalSetup.ts',
        },
    ],
};

/**
 * unit: the app's pure code, fast. engine: the packaged app in the real Apps-Engine (one at a time). browser: the
 * preview page in Chromium with the real app. tooling: what the tests and the preview run on (the engine host
 * package, the bench's statistics, the preview server).
 */
const tsJest = ['ts-jest', { diagnostics: false, tsconfig: 'tsconfig.json' }];
// The engine's Deno caches (.engine/ folders) hold copies of npm packages: not modules of this project.
const modulePathIgnorePatterns = ['/\\.engine/'];

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
            modulePathIgnorePatterns,
            testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
        },
        {
            displayName: 'engine',
            testEnvironment: 'node',
            transform: { '^.+\\.ts$': tsJest },
            modulePathIgnorePatterns,
            testMatch: ['<rootDir>/test/engine/**/*.test.ts'],
            globalSetup: '<rootDir>/test/engine/globalSetup.ts',
        },
        {
            displayName: 'browser',
            testEnvironment: 'node',
            transform: { '^.+\\.ts$': tsJest },
            modulePathIgnorePatterns,
            testMatch: ['<rootDir>/test/browser/**/*.test.ts'],
            globalSetup: '<rootDir>/test/browser/globalSetup.ts',
        },
        {
            displayName: 'tooling',
            testEnvironment: 'node',
            transform: { '^.+\\.ts$': tsJest },
            modulePathIgnorePatterns,
            testMatch: [
                '<rootDir>/packages/*/test/**/*.test.ts',
                '<rootDir>/test/bench/**/*.test.ts',
                '<rootDir>/preview/test/**/*.test.ts',
            ],
        },
    ],
};

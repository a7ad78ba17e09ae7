// Runs the engine host's own smoke tests without the project's engine globalSetup (which packages the real app):
//   npx jest -c test/host/jest.config.js
module.exports = {
	rootDir: `${__dirname}/../..`,
	displayName: 'host',
	testEnvironment: 'node',
	transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false, tsconfig: 'tsconfig.json' }] },
	testMatch: ['<rootDir>/test/engine/host.test.ts'],
	testTimeout: 60000,
};

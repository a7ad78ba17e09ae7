import { FakeBackend } from './fakeBackend';
import { startPreviewServer } from './server';

/** `npx ts-node --transpile-only preview/runFake.ts` → the page on http://localhost:3000 with the fake app. */
const port = Number(process.env.PORT ?? 3000);

startPreviewServer(new FakeBackend(), port).then(
    (server) => {
        console.log(`Preview (fake backend) listening on ${server.url}`);
        const stop = () => server.close().then(() => process.exit(0));
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
    },
    (error: unknown) => {
        console.error(error);
        process.exit(1);
    },
);

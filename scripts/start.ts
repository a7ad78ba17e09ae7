/**
 * `npm start`: packages the app, runs it in the real Apps-Engine over an in-memory store seeded with demo data,
 * and serves the Rocket.Chat look-alike page on http://localhost:$PORT (default 3000).
 *
 *   PORT=4000 npm start          another port
 *   DEMO_SIZE=small npm start    ~150 chats instead of 10,000 (indexed in seconds)
 *   DEMO_WAIT=1 npm start        serve the page only once the app has indexed every room
 *   MONGO_URL=mongodb://host/db npm start   keep the workspace in MongoDB (seeded only when it is empty, so a
 *                                copy of a real workspace's database is previewed as it is)
 *
 * The page is served as soon as the app is enabled; the app's backfill job indexes the seeded rooms meanwhile,
 * as it would after an install on a busy server.
 */
import * as path from 'path';
import { startDemo, type Demo } from '../preview/demo';
import { redactedUrl, storeFromEnv } from '../preview/mongo';
import type { DemoSize } from '../preview/seed';
import { packageApp } from './package';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main(): Promise<void> {
    const began = Date.now();
    const port = Number(process.env.PORT ?? 3000);
    const size: DemoSize = process.env.DEMO_SIZE === 'small' ? 'small' : 'full';

    console.log('Packaging the app…');
    const zipPath = await packageApp();
    console.log(`Packaged ${path.relative(process.cwd(), zipPath)} (${seconds(Date.now() - began)})`);

    const waitForIndexing = process.env.DEMO_WAIT === '1';
    let lastShown = 0;
    const mongo = await storeFromEnv();
    console.log(
        mongo
            ? `Using MongoDB ${redactedUrl(process.env.MONGO_URL!)} (database ${mongo.databaseName}); demo data only if it is empty.`
            : 'Workspace in memory (set MONGO_URL to keep it in MongoDB).',
    );
    console.log('Starting the Apps-Engine…');
    const demo: Demo = await startDemo({
        zipPath,
        size,
        port,
        waitForIndexing,
        store: mongo?.store,
        onProgress: (indexed, total) => {
            if (indexed === 0 || indexed === total || Date.now() - lastShown > 5000) {
                lastShown = Date.now();
                console.log(`  [app backfill] indexing existing conversations: ${indexed} / ${total} rooms`);
            }
        },
    });
    const rooms = demo.rooms;
    console.log(
        demo.data
            ? `Seeded ${size} demo data: ${rooms} rooms, ${demo.data.messages.length} messages and ${demo.data.contacts.length} Rocket.Chat contacts in ${seconds(demo.timings.seedMs)}; engine started in ${seconds(demo.timings.startMs)}.`
            : `The database already holds a workspace (${rooms} livechat rooms): nothing seeded; engine started in ${seconds(demo.timings.startMs)}.`,
    );
    demo.indexed.then(
        (ms) => console.log(`  [app backfill] all ${rooms} rooms indexed in ${seconds(ms)}: Contacts and Chats are complete.`),
        (error) => console.error(`  [app backfill] ${error instanceof Error ? error.message : error}`),
    );

    const users = await demo.backend.users();
    console.log(`\nContact Center preview: ${demo.server.url}   (ready ${seconds(Date.now() - began)} after start)`);
    console.log(waitForIndexing ? '' : 'Until the backfill is done, Contacts and Chats show only the rooms indexed so far.\n');
    console.log('Demo users ("Preview as" in the sidebar, or ?user=<username>):');
    for (const u of users) {
        console.log(
            `  ${u.username.padEnd(10)} ${u.name.padEnd(18)} ${u.roles.filter((r) => r !== 'user').join(', ') || 'no omnichannel role'}`,
        );
    }
    console.log('\nCtrl-C to stop.');

    const stop = (signal: string) => {
        console.log(`\n${signal}: stopping…`);
        demo.stop()
            .then(() => mongo?.close())
            .then(
                () => {
                    console.log('Stopped.');
                    process.exit(0);
                },
                (error) => {
                    console.error(error);
                    process.exit(1);
                },
            );
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
});

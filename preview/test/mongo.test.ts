import { MongoStandIn } from '@contact-center/engine-host/mongo';
import { storeFromEnv } from '../mongo';

/** Which database `MONGO_URL=... npm start` uses (MongoStandIn stands in for mongod, through the real driver). */
let standIn: MongoStandIn;

beforeAll(async () => {
    standIn = await MongoStandIn.start();
});

afterAll(async () => {
    await standIn?.stop();
});

describe('connecting', () => {
    it('storeFromEnv: none without MONGO_URL; the URL path names the database, MONGO_DB overrides it', async () => {
        expect(await storeFromEnv({})).toBeUndefined();
        const fromPath = (await storeFromEnv({ MONGO_URL: standIn.url('preview') }))!;
        const fromEnv = (await storeFromEnv({ MONGO_URL: standIn.url('preview'), MONGO_DB: 'other' }))!;
        expect([fromPath.databaseName, fromEnv.databaseName]).toEqual(['preview', 'other']);
        await Promise.all([fromPath.close(), fromEnv.close()]);
    });
});

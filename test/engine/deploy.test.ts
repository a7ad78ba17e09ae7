import * as http from 'http';
import type { AddressInfo } from 'net';
import { deploy } from '../../scripts/deploy';
import { packagedZip } from './driver';

/** `npm run deploy` against a stand-in for Rocket.Chat's REST API: login, then the zip as multipart "app". */
describe('deploy', () => {
    const received: { path: string; headers: http.IncomingHttpHeaders; body: Buffer }[] = [];
    let server: http.Server;
    let url: string;

    beforeAll(async () => {
        server = http.createServer((req, res) => {
            const chunks: Uint8Array[] = [];
            req.on('data', (c: Uint8Array) => chunks.push(c));
            req.on('end', () => {
                received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
                res.setHeader('Content-Type', 'application/json');
                if (req.url === '/api/v1/login') {
                    const { password } = JSON.parse(Buffer.concat(chunks).toString());
                    res.statusCode = password === 'secret' ? 200 : 401;
                    res.end(
                        JSON.stringify(
                            password === 'secret'
                                ? { status: 'success', data: { userId: 'u1', authToken: 't1' } }
                                : { status: 'error', message: 'Unauthorized' },
                        ),
                    );
                    return;
                }
                res.end(JSON.stringify({ success: true }));
            });
        });
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise((resolve) => server.close(resolve)));

    it('logs in and uploads the packaged zip', async () => {
        process.env.RC_USER = 'admin';
        process.env.RC_PASSWORD = 'secret';
        await expect(deploy(url, false, packagedZip())).resolves.toMatch(/^Installed Contact Center 0\.1\.0/);
        const upload = received.find((r) => r.path === '/api/apps');
        expect(upload?.headers['x-user-id']).toBe('u1');
        expect(upload?.headers['x-auth-token']).toBe('t1');
        expect(upload?.headers['content-type']).toMatch(/^multipart\/form-data/);
        expect(upload?.body.includes(Buffer.from('name="app"; filename="contact-center_0.1.0.zip"'))).toBe(true);
        expect(upload?.body.includes(Buffer.from('PK\u0003\u0004'))).toBe(true);
    }, 60_000);

    it('reports a failed login and uploads nothing', async () => {
        process.env.RC_USER = 'admin';
        process.env.RC_PASSWORD = 'wrong';
        const uploads = received.filter((r) => r.path.startsWith('/api/apps')).length;
        await expect(deploy(url, true, packagedZip())).rejects.toThrow('Login failed (401): Unauthorized');
        expect(received.filter((r) => r.path.startsWith('/api/apps')).length).toBe(uploads);
    }, 60_000);
});

/**
 * Uploads the packaged app to a Rocket.Chat server, as the admin's "Upload app" does.
 *
 *   RC_URL=https://chat.example.com RC_USER=admin RC_PASSWORD=... npm run deploy
 *   (or RC_USER_ID + RC_TOKEN for a personal access token; --update to replace an installed version;
 *   --zip <file> to upload a package built before instead of packaging now)
 *
 * Uses Rocket.Chat's REST API: POST /api/v1/login, then POST /api/apps (install) or /api/apps/<id> (update)
 * with the zip as the multipart field "app".
 */
import * as fs from 'fs';
import * as path from 'path';
import { packageApp } from './package';

interface Credentials {
    userId: string;
    token: string;
}

async function login(url: string): Promise<Credentials> {
    if (process.env.RC_USER_ID && process.env.RC_TOKEN) {
        return { userId: process.env.RC_USER_ID, token: process.env.RC_TOKEN };
    }
    const user = process.env.RC_USER;
    const password = process.env.RC_PASSWORD;
    if (!user || !password) {
        throw new Error('Set RC_USER and RC_PASSWORD, or RC_USER_ID and RC_TOKEN.');
    }
    const response = await fetch(new URL('/api/v1/login', url), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ user, password, ...(process.env.RC_TOTP ? { code: process.env.RC_TOTP } : {}) }),
    });
    const body = (await response.json()) as { status?: string; data?: { userId: string; authToken: string }; message?: string };
    if (!response.ok || body.status !== 'success' || !body.data) {
        throw new Error(`Login failed (${response.status}): ${body.message ?? 'no details'}`);
    }
    return { userId: body.data.userId, token: body.data.authToken };
}

/** Uploads `zip` (default: the app packaged now) and says what was done. */
export async function deploy(url: string, update: boolean, zip?: string): Promise<string> {
    const zipPath = zip ?? (await packageApp());
    const info = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', 'app.json'), 'utf8'));
    const credentials = await login(url);
    const form = new FormData();
    form.append('app', new Blob([fs.readFileSync(zipPath)], { type: 'application/zip' }), path.basename(zipPath));
    const target = new URL(update ? `/api/apps/${info.id}` : '/api/apps', url);
    const response = await fetch(target, {
        method: 'POST',
        headers: { 'X-User-Id': credentials.userId, 'X-Auth-Token': credentials.token },
        body: form,
    });
    const text = await response.text();
    if (!response.ok) {
        throw new Error(`Upload failed (${response.status}): ${text.slice(0, 500)}`);
    }
    return `${update ? 'Updated' : 'Installed'} ${info.name} ${info.version} on ${url}`;
}

if (require.main === module) {
    const url = process.env.RC_URL;
    if (!url) {
        console.error('Set RC_URL to the server, e.g. RC_URL=https://chat.example.com');
        process.exit(2);
    }
    const zipFlag = process.argv.indexOf('--zip');
    deploy(url, process.argv.includes('--update'), zipFlag > 0 ? process.argv[zipFlag + 1] : undefined).then(
        (message) => console.log(message),
        (error) => {
            console.error(error instanceof Error ? error.message : error);
            process.exit(1);
        },
    );
}

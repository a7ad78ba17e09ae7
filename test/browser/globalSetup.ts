import * as fs from 'fs';
import { packageApp } from '../../scripts/package';

/** Browser tests drive the zip an admin would install (packaged once; reused when the engine project just built it). */
export default async function globalSetup(): Promise<void> {
    const built = process.env.CONTACT_CENTER_ZIP;
    if (built && fs.existsSync(built)) return;
    process.env.CONTACT_CENTER_ZIP = await packageApp();
}

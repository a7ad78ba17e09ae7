import { packageApp } from '../../scripts/package';

/** Engine tests run the zip an admin would install, so build it first, exactly as `npm run package` does. */
export default async function globalSetup(): Promise<void> {
    const zip = await packageApp();
    process.env.CONTACT_CENTER_ZIP = zip;
}

import * as fs from 'fs';
import * as path from 'path';

/**
 * Rocket.Chat's app compiler loads the compiled app with a require that follows imports recursively and
 * overflows the stack on a cycle, so the app's modules must form no import cycle. And the layers of src/ are
 * kept: each imports only from the layers below it.
 */
const LAYERS: Record<string, string[]> = {
    domain: [],
    store: ['domain'],
    host: ['domain'],
    services: ['domain', 'store', 'host'],
    ui: ['domain', 'services'],
    handlers: ['domain', 'services', 'ui'],
};

describe('app modules', () => {
    const root = path.resolve(__dirname, '../..');
    const files = (dir: string): string[] =>
        fs
            .readdirSync(dir, { withFileTypes: true })
            .flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
    const all = [path.join(root, 'ContactCenterApp.ts'), ...files(path.join(root, 'src'))];
    const imports = new Map(
        all.map((file) => {
            const source = fs.readFileSync(file, 'utf8');
            // Type-only imports vanish from the compiled code; only value imports can form a cycle at run time.
            const targets = [...source.matchAll(/^import (?!type )[^;]*? from '(\.[^']+)';/gms)].map((m) =>
                path.resolve(path.dirname(file), `${m[1]}.ts`),
            );
            return [file, targets];
        }),
    );

    it('have no import cycle', () => {
        const cycles: string[] = [];
        const state = new Map<string, 'visiting' | 'done'>();
        const visit = (file: string, trail: string[]) => {
            if (state.get(file) === 'done') return;
            if (state.get(file) === 'visiting') {
                cycles.push([...trail.slice(trail.indexOf(file)), file].map((f) => path.relative(root, f)).join(' → '));
                return;
            }
            state.set(file, 'visiting');
            for (const target of imports.get(file) ?? []) visit(target, [...trail, file]);
            state.set(file, 'done');
        };
        all.forEach((file) => visit(file, []));
        expect(cycles).toEqual([]);
    });

    it('keep their layers: domain <- store, host <- services <- ui <- handlers (type imports too)', () => {
        const layerOf = (file: string) => path.relative(path.join(root, 'src'), file).split(path.sep)[0];
        const crossings: string[] = [];
        for (const file of all.filter((f) => f.startsWith(path.join(root, 'src')))) {
            const source = fs.readFileSync(file, 'utf8');
            for (const m of source.matchAll(/^import [^;]*? from '(\.[^']+)';/gms)) {
                const target = path.resolve(path.dirname(file), m[1]);
                const [from, to] = [layerOf(file), layerOf(target)];
                if (from !== to && !(LAYERS[from] ?? []).includes(to)) {
                    crossings.push(`${path.relative(root, file)} -> ${path.relative(root, target)}`);
                }
            }
        }
        expect(Object.keys(LAYERS).sort()).toEqual(fs.readdirSync(path.join(root, 'src')).sort());
        expect(crossings).toEqual([]);
    });
});

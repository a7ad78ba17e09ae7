import { strict as assert } from 'assert';
import { substitute, textOf } from '../web/src/i18n';
import { buttonValue, errorsByActionId, groupStateByBlockId, initialValues, valuesAfterUpdate } from '../web/src/surface/uiKitState';

const input = (id: string, element: object) => ({ type: 'input', blockId: id, element: { actionId: id, blockId: id, ...element } });
const blocks = [
    input('name', { type: 'plain_text_input', initialValue: 'Ana' }),
    input('dnc', { type: 'checkbox', options: [{ value: 'yes' }], initialOptions: [{ value: 'yes' }] }),
    { type: 'actions', blockId: 'b1', elements: [{ type: 'button', actionId: 'open', blockId: 'b1', value: 'c1' }] },
];

test('i18n: app keys are looked up prefixed, args substituted, own text as fallback', () => {
    const dict = { 'app-A.showing': '__first__ of __total__', plain: 'Plain' };
    assert.equal(textOf(dict, 'A', { type: 'plain_text', text: 'x', i18n: { key: 'showing', args: { first: 1, total: 5 } } }), '1 of 5');
    assert.equal(textOf(dict, 'A', { type: 'plain_text', text: 'x', i18n: { key: 'plain' } }), 'Plain');
    assert.equal(textOf(dict, 'A', { type: 'plain_text', text: 'own', i18n: { key: 'missing' } }), 'own');
    assert.equal(substitute('__a__ __b__', { a: 'A' }), 'A __b__');
});

test('state: initial values, grouped by block id as Rocket.Chat sends them', () => {
    const values = initialValues(blocks);
    assert.deepEqual(groupStateByBlockId(values), { name: { name: 'Ana' }, dnc: { dnc: ['yes'] } });
});

test('state: an update keeps typed values unless the app changed that initial value', () => {
    const typed = { ...initialValues(blocks), name: { blockId: 'name', value: 'typed' } };
    assert.equal(valuesAfterUpdate(typed, blocks, blocks).name?.value, 'typed');
    const changed = [input('name', { type: 'plain_text_input', initialValue: 'Bea' })];
    assert.deepEqual(valuesAfterUpdate(typed, blocks, changed), { name: { blockId: 'name', value: 'Bea' } });
});

test('errors keyed by block id reach the element; button values are found', () => {
    const b = [input('blk', { type: 'plain_text_input', actionId: 'act' })];
    assert.equal(errorsByActionId({ blk: 'bad' }, b).act, 'bad');
    assert.equal(buttonValue(blocks, 'b1', 'open'), 'c1');
});

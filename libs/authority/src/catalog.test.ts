import { Name, recordFromText } from '@shoal/dns-wire';
import test from 'ava';
import { Catalog } from './catalog.js';
import { Zone } from './zone.js';

const zone = (origin: string) => new Zone(Name.parse(origin));

test('findZone picks the longest matching origin', (t) => {
  const catalog = new Catalog();
  const parent = zone('example.test.');
  const child = zone('child.example.test.');
  catalog.set(parent);
  catalog.set(child);
  t.is(catalog.findZone(Name.parse('www.child.example.test.')), child);
  t.is(catalog.findZone(Name.parse('CHILD.example.test.')), child);
  t.is(catalog.findZone(Name.parse('www.example.test.')), parent);
  t.is(catalog.findZone(Name.parse('test.')), undefined);
  t.is(catalog.findZone(Name.parse('xchild.example.test.')), parent);
});

test('a root zone matches everything', (t) => {
  const catalog = new Catalog();
  const root = zone('.');
  catalog.set(root);
  t.is(catalog.findZone(Name.parse('anything.example.')), root);
});

test('generation moves on any change, structure generation only on zone set/delete', (t) => {
  const catalog = new Catalog();
  const z = zone('example.test.');
  catalog.set(z);
  const generation = catalog.generation;
  const structure = catalog.structureGeneration;
  z.addRecord(recordFromText('www.example.test. 60 A 192.0.2.1'));
  t.true(catalog.generation > generation);
  t.is(catalog.structureGeneration, structure);
  t.true(catalog.delete(Name.parse('example.test.')));
  t.true(catalog.structureGeneration > structure);
  const after = catalog.generation;
  z.addRecord(recordFromText('www.example.test. 60 A 192.0.2.2'));
  t.is(catalog.generation, after, 'a removed zone no longer counts');
  t.false(catalog.delete(Name.parse('example.test.')));
});

test('set replaces a zone with the same origin', (t) => {
  const catalog = new Catalog();
  const first = zone('example.test.');
  const second = zone('EXAMPLE.test.');
  catalog.set(first);
  catalog.set(second);
  t.is(catalog.size, 1);
  t.is(catalog.get(Name.parse('example.test.')), second);
  t.deepEqual(catalog.zones(), [second]);
  const generation = catalog.generation;
  first.addRecord(recordFromText('www.example.test. 60 A 192.0.2.1'));
  t.is(catalog.generation, generation, 'the replaced zone is no longer watched');
});

// TypeDoc plugin for the aio workspace: names each entry-point module after the import
// specifier users write (`@aio/core`, `@aio/core/lowlevel`) instead of its file path.
import { readFileSync } from 'node:fs';
import { basename, dirname, join, sep } from 'node:path';
import { Converter, ReflectionKind } from 'typedoc';

/** Maps `packages/<dir>/src/<entry>.ts` to its public specifier, e.g. `@aio/core/lowlevel`. */
export function specifierOf(fileName) {
  const parts = fileName.split(/[\\/]/);
  const at = parts.lastIndexOf('src');
  if (at < 1) return undefined;
  const packageDir = parts.slice(0, at).join(sep) || sep;
  const name = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).name;
  const entry = basename(parts.slice(at + 1).join('/'), '.ts');
  return entry === 'index' && dirname(parts.slice(at + 1).join('/')) === '.'
    ? name
    : `${name}/${parts
        .slice(at + 1)
        .join('/')
        .replace(/\.ts$/, '')}`;
}

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_CREATE_DECLARATION, (context, reflection) => {
    if (!reflection.kindOf(ReflectionKind.Module)) return;
    const file = context.getSymbolFromReflection(reflection)?.declarations?.[0]?.getSourceFile();
    const specifier = file && specifierOf(file.fileName);
    if (specifier) reflection.name = specifier;
  });
}

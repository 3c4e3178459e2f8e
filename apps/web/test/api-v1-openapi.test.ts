// The served OpenAPI document and the route files under src/app/api/v1 describe the
// same API: every route file's exported methods are paths/operations in the document,
// and the document names nothing the folder does not serve.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../src/app/api/v1/_shared/openapi';

const ROOT = join(import.meta.dirname, '../src/app/api/v1');
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

function routeFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((entry) => {
    const path = join(folder, entry);
    if (statSync(path).isDirectory()) return entry.startsWith('_') ? [] : routeFiles(path);
    return entry === 'route.ts' ? [path] : [];
  });
}

/** "torrents/[id]/download/route.ts" → "/api/v1/torrents/{id}/download" with its exported methods. */
function servedOperations(): string[] {
  return routeFiles(ROOT).flatMap((file) => {
    const folder = relative(ROOT, file).split(sep).slice(0, -1).map((part) => part.replace(/^\[(\w+)\]$/, '{$1}'));
    const path = ['/api/v1', ...folder].join('/');
    const source = readFileSync(file, 'utf8');
    return METHODS.filter((method) => new RegExp(`export (async )?function ${method}\\b`).test(source)).map((method) => `${method.toLowerCase()} ${path}`);
  });
}

function documentedOperations(): string[] {
  return Object.entries(openApiDocument.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method} ${path}`));
}

describe('the /api/v1 OpenAPI document', () => {
  it('describes exactly the operations the route files serve', () => {
    const served = servedOperations().sort();
    expect(served.length).toBeGreaterThanOrEqual(6);
    expect(documentedOperations().sort()).toEqual(served);
  });

  it('is OpenAPI 3.1 with every $ref resolving and every operation answering its errors as the Error schema', () => {
    expect(openApiDocument.openapi).toBe('3.1.0');
    const text = JSON.stringify(openApiDocument);
    for (const [, name] of text.matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)) {
      expect(Object.keys(openApiDocument.components.schemas)).toContain(name);
    }
    const operationIds = Object.values(openApiDocument.paths).flatMap((item) => Object.values(item).map((operation) => operation.operationId));
    expect(new Set(operationIds).size).toBe(operationIds.length);
  });
});

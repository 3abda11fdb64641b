// Prisma's schema engine, compiled to WebAssembly, driven through the pg driver adapter.
// The native engine cannot be downloaded on our machines; this is the same engine, so the SQL it
// produces is exactly what `prisma migrate dev` would have written.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";

type EngineModule = typeof import("@prisma/schema-engine-wasm");
type Engine = Awaited<ReturnType<EngineModule["SchemaEngine"]["new"]>>;

const require = createRequire(import.meta.url);
let engineModule: Promise<EngineModule> | undefined;

/** Loads the wasm module without --experimental-wasm-modules (Node 20 cannot import .wasm directly). */
function loadEngineModule(): Promise<EngineModule> {
  engineModule ??= (async () => {
    const globals = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { set_message(message: string): void } };
    globals.PRISMA_WASM_PANIC_REGISTRY ??= {
      set_message(message: string) {
        throw new Error(`Prisma schema engine panicked: ${message}`);
      },
    };
    const bgPath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const bg = (await import("@prisma/schema-engine-wasm/schema_engine_bg")) as unknown as EngineModule & {
      __wbg_set_wasm(exports: WebAssembly.Exports): void;
    };
    const bytes = await readFile(bgPath.replace(/schema_engine_bg\.js$/, "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": bg });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return bg;
  })();
  return engineModule;
}

async function withEngine<T>(connectionString: string, schema: string, run: (engine: Engine) => Promise<T>) {
  const { SchemaEngine } = await loadEngineModule();
  const factory = bindMigrationAwareSqlAdapterFactory(new PrismaPg({ connectionString }));
  const engine = await SchemaEngine.new({ datamodels: [["schema.prisma", schema]] }, () => {}, factory);
  try {
    return await run(engine);
  } finally {
    engine.free();
  }
}

const NO_FILTERS = { externalTables: [], externalEnums: [] };

/**
 * The SQL that takes a database from `fromSchema` (null: empty) to `toSchema`, or null when the two
 * schemas describe the same database. The engine opens a connection on start, so one must be reachable;
 * nothing is written to it.
 */
export async function diffSchemas(
  connectionString: string,
  fromSchema: string | null,
  toSchema: string,
): Promise<string | null> {
  return withEngine(connectionString, toSchema, async (engine) => {
    const result = await engine.diff({
      from:
        fromSchema === null
          ? { tag: "empty" }
          : { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: fromSchema }] },
      to: { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: toSchema }] },
      script: true,
      exitCode: true,
      filters: NO_FILTERS,
    });
    // exitCode 2: there is a difference; 0: none.
    return result.exitCode === 2 ? (result.stdout ?? "") : null;
  });
}

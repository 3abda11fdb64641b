// npm run user:create -- --email admin@example.com --role admin [--name "Ada"]
// Creates an account; the password is read from a hidden prompt, or from the first line of standard input
// when it is not a terminal (`printf '%s\n' "$PW" | npm run user:create -- …`). Never from argv, where it
// would land in shell history and process listings.
import { parseArgs } from "node:util";
import { createUserAccount, CreateUserError } from "../lib/accounts/create-user";
import { createPrismaClient } from "../lib/db/prisma-factory";
import { withDatabase } from "./lib/database";

const USAGE =
  "Usage: npm run user:create -- --email <email> [--role reader|moderator|admin] [--name <display name>]";

/** Reads a line from the terminal without echoing it (raw mode, so nothing is shown as it is typed). */
function readHidden(prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stdout.write(prompt);
    stdin.setRawMode(true);
    stdin.setEncoding("utf8");
    stdin.resume();
    let value = "";
    const finish = () => {
      stdin.off("data", onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stdout.write("\n");
    };
    function onData(chunk: string) {
      for (const char of chunk) {
        if (char === "\r" || char === "\n") {
          finish();
          resolve(value);
          return;
        }
        if (char === "\u0003") {
          finish();
          reject(new CreateUserError("Cancelled."));
          return;
        }
        value = char === "\u007f" || char === "\b" ? value.slice(0, -1) : value + char;
      }
    }
    stdin.on("data", onData);
  });
}

async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) {
    const first = await readHidden("Password: ");
    const second = await readHidden("Password, again: ");
    if (first !== second) throw new CreateUserError("The two passwords differ.");
    return first;
  }
  let text = "";
  for await (const chunk of process.stdin) text += String(chunk);
  return text.split(/\r?\n/)[0] ?? "";
}

let values: { email?: string | undefined; role?: string | undefined; name?: string | undefined };
try {
  ({ values } = parseArgs({
    options: {
      email: { type: "string" },
      role: { type: "string", default: "reader" },
      name: { type: "string" },
    },
    strict: true,
  }));
} catch (error) {
  console.error(`${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}
if (!values.email) {
  console.error(`--email is required.\n${USAGE}`);
  process.exit(2);
}
const { email, role = "reader", name } = values;
const password = await readPassword().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});

await withDatabase(async (connectionString) => {
  const db = createPrismaClient(connectionString, { poolSize: 1 });
  try {
    const user = await createUserAccount(db, { email, role, name, password });
    console.log(`Created ${user.role.toLowerCase()} ${user.email} (@${user.handle}).`);
  } catch (error) {
    if (error instanceof CreateUserError) {
      console.error(error.message);
      process.exitCode = 1;
      return;
    }
    throw error;
  } finally {
    await db.$disconnect();
  }
});

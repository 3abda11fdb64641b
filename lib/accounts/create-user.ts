// Creating an account from the command line (npm run user:create), e.g. the first admin of a deployment.
import type { Db } from "@/lib/db/prisma-factory";
import { hashPassword } from "@/lib/auth/passwords";
import { z } from "zod";
import { isUniqueViolation } from "./errors";
import { uniqueHandle } from "./handles";
import { passwordProblem } from "./password-rules";
import { displayNameSchema, emailSchema, newPasswordSchema, roleSchema } from "./schemas";

const createUserSchema = z.object({
  email: emailSchema,
  role: z
    .string()
    .transform((value) => value.toUpperCase())
    .pipe(roleSchema),
  name: displayNameSchema.optional(),
  password: newPasswordSchema,
});

export class CreateUserError extends Error {}

export async function createUserAccount(
  db: Db,
  input: { email: string; role: string; name?: string | undefined; password: string },
): Promise<{ id: string; email: string; role: string; handle: string }> {
  const parsed = createUserSchema.safeParse(input);
  if (!parsed.success) {
    throw new CreateUserError(
      parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("\n"),
    );
  }
  const { email, role, password } = parsed.data;
  const problem = passwordProblem(password, email);
  if (problem) throw new CreateUserError(`password: ${problem}`);
  const name = parsed.data.name ?? email.split("@")[0] ?? "Admin";
  try {
    return await db.user.create({
      data: {
        email,
        role,
        name,
        handle: await uniqueHandle(db, name),
        passwordHash: await hashPassword(password),
        emailVerified: new Date(),
      },
      select: { id: true, email: true, role: true, handle: true },
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new CreateUserError(`An account with the email ${email} already exists.`);
    throw error;
  }
}

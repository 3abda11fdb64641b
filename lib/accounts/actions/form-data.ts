/** A form field as a string ("" when missing or a file), for handing raw input to a zod schema. */
export function field(formData: FormData, name: string): string {
  const value = formData.get(name);
  return typeof value === "string" ? value : "";
}

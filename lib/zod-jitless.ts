// Imported first by every schema module that reaches the browser. Zod compiles object parsers with
// `new Function()` when it can, and probes for that with `Function("")` as each object schema is built;
// our Content-Security-Policy forbids eval, so in the browser every probe was refused and reported as a
// CSP violation. Interpreted parsing is fast enough for our forms and requests, on both sides.
import { config } from "zod";

config({ jitless: true });

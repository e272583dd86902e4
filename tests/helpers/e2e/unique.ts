/**
 * A suffix no earlier run used (the time, then a random part, in base 36), so that a spec can create
 * records against the one shared server any number of times.
 */
export const uniqueSuffix = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;

/**
 * How a scene heading's text is built: a prefix that says where the camera
 * is (INT., EXT., INT./EXT., I/E., EST.), the location, and usually " - " and
 * the time of day. Matching is case-insensitive because the prefix is often
 * typed in an action, before the element becomes a heading.
 */
const PREFIX = String.raw`(?:int\.\/ext\.|int\/ext\.|i\/e\.|int\.|ext\.|est\.)`;

/** Text of an element that has just been given a scene heading prefix and the space after it. */
export const SCENE_HEADING_OPENING = new RegExp(`^${PREFIX} $`, 'i');

const PREFIX_AND_SPACE = new RegExp(`^${PREFIX}\\s+`, 'i');

/** Length of the prefix and the spaces after it, or 0 when `text` does not open like a scene heading. */
export function sceneHeadingPrefixLength(text: string): number {
  return PREFIX_AND_SPACE.exec(text)?.[0].length ?? 0;
}

/**
 * The location of a scene heading, upper-case ("INT. HOUSE - KITCHEN - NIGHT"
 * gives "HOUSE - KITCHEN": the last " - " part is the time of day), or null
 * when the heading has no prefix or no location.
 */
export function sceneHeadingLocation(heading: string): string | null {
  const prefixLength = sceneHeadingPrefixLength(heading);
  if (prefixLength === 0) return null;
  const rest = heading.slice(prefixLength);
  const timeOfDay = rest.lastIndexOf(' - ');
  const location = (timeOfDay >= 0 ? rest.slice(0, timeOfDay) : rest).trim().toUpperCase();
  return location === '' ? null : location;
}

import type { SeededRandom } from './seeded-random.js';

/**
 * Vocabulary of the fixture screenplay. Sentences are assembled from these
 * pools by a seeded generator, so text lengths and the mix of elements look
 * like a produced feature (long action paragraphs, short dialogue lines, caps
 * cues) without copying any real script.
 */

export const CAST = ['MAYA', 'DANIEL', 'RUTH', 'THEO', 'OFFICER KLINE', 'JUNE', 'MR. ALVAREZ', 'NURSE PATEL', 'BARTENDER'] as const;

const LOCATIONS = [
  'KITCHEN', 'MAYA\'S APARTMENT', 'POLICE STATION - INTERROGATION ROOM', 'DINER', 'HOSPITAL CORRIDOR', 'DANIEL\'S CAR',
  'PARKING GARAGE', 'ROOFTOP', 'BUS STATION', 'RUTH\'S HOUSE - LIVING ROOM', 'MOTEL ROOM', 'BAR', 'HIGHWAY', 'LAUNDROMAT',
  'CHURCH', 'RIVERBANK', 'HARDWARE STORE', 'SCHOOL GYM', 'CEMETERY', 'BANK - LOBBY',
] as const;

const EXTERIOR = new Set(['PARKING GARAGE', 'ROOFTOP', 'HIGHWAY', 'RIVERBANK', 'CEMETERY']);
const TIMES = ['DAY', 'NIGHT', 'NIGHT', 'MORNING', 'CONTINUOUS', 'LATER', 'DUSK', 'DAWN'] as const;

const ATMOSPHERE = [
  'small and overheated', 'dim, lit only by a flickering sign outside', 'crowded and loud', 'empty except for a janitor',
  'spotless and cold', 'cluttered with unopened mail', 'quiet in the way of places that used to be busy',
  'washed in grey morning light', 'thick with cigarette smoke', 'half packed into cardboard boxes',
];

const DETAILS = [
  'A radio murmurs a ballgame nobody is listening to.', 'Rain streaks the window.', 'Somewhere a dog barks, then stops.',
  'A ceiling fan turns too slowly to matter.', 'Dishes pile in the sink.', 'A clock ticks above the door, four minutes fast.',
  'Neon hums behind the glass.', 'The phone on the wall has been ripped out.', 'Traffic hisses past on wet asphalt.',
  'A child\'s drawing is taped to the refrigerator, curling at the corners.',
];

const BEATS = [
  'crosses to the window', 'sets a chipped mug on the counter', 'stares at the phone as it buzzes against the table',
  'pulls a folded letter from a coat pocket', 'hesitates at the door, hand on the knob', 'sits on the edge of the bed',
  'wipes rain from a cracked windshield', 'reads the letter again, lips moving', 'turns off the radio',
  'lights a cigarette with shaking hands', 'kneels to gather the scattered photographs', 'watches the street below',
  'pours two glasses of whiskey and leaves one untouched', 'slides the envelope across the table', 'looks away',
  'laughs, despite everything', 'counts the bills twice, then a third time', 'checks the rearview mirror',
  'pockets the keys without a word', 'finally sits down', 'leans against the wall and closes both eyes',
];

const LINES = [
  'I told you not to come back here.', 'You don\'t get to decide that for me.', 'Where were you last night?',
  'It doesn\'t matter now.', 'She called twice. I didn\'t pick up.', 'We have until Friday, and then the bank takes the house.',
  'Say it again. Slowly.', 'I\'m not asking you to forgive me.', 'Nobody reads the fine print. That\'s the whole point.',
  'You think I don\'t know what this looks like?', 'He kept every letter. Every single one.', 'Give me one reason to stay.',
  'That\'s not a reason. That\'s an excuse.', 'The last train leaves at eleven.', 'I was seventeen. I didn\'t know anything.',
  'Don\'t.', 'Fine.', 'What did the doctor say?', 'We can still fix this, if you let me.', 'I counted the money twice. It\'s short.',
  'You should eat something.', 'Tell me the truth, just once.', 'It was raining. I couldn\'t see the road.',
  'Your father would have hated this.', 'Then why are you smiling?', 'I\'m done pretending everything is fine.',
  'Keep your voice down, they can hear us.', 'It\'s not about the money. It was never about the money.', 'Okay.',
  'You\'re late.', 'I waited three hours in that parking lot.', 'Look at me. Look at me when I\'m talking to you.',
];

const PARENTHETICALS = ['(beat)', '(quietly)', '(into phone)', '(re: the letter)', '(not looking up)', '(a little too fast)', '(smiling)'];
const EXTENSIONS = ['', '', '', '', '', ' (CONT\'D)', ' (O.S.)', ' (V.O.)'];
export const TRANSITIONS = ['CUT TO:', 'CUT TO:', 'SMASH CUT TO:', 'DISSOLVE TO:', 'MATCH CUT TO:'] as const;
const SHOTS = ['CLOSE ON THE LETTER', 'ANGLE ON THE DOOR', 'INSERT - THE PHOTOGRAPH', 'WIDE - THE EMPTY STREET'];

/** "MR. ALVAREZ" -> "Mr. Alvarez": names are capitalised only in cues (and a character's first appearance). */
function properName(cue: string): string {
  return cue.toLowerCase().replace(/(^|[\s.])([a-z])/g, (_, sep: string, c: string) => sep + c.toUpperCase());
}

/** "INT. KITCHEN - NIGHT". */
export function sceneHeading(random: SeededRandom): string {
  const location = random.pickSkewed(LOCATIONS);
  const prefix = EXTERIOR.has(location) ? 'EXT.' : random.chance(0.05) ? 'INT./EXT.' : 'INT.';
  return `${prefix} ${location} - ${random.pick(TIMES)}`;
}

/** The opening paragraph of a scene: what the place looks like. */
export function establishingAction(random: SeededRandom, heading: string): string {
  // "INT. RUTH'S HOUSE - LIVING ROOM - NIGHT" -> "living room"; "MAYA'S APARTMENT" -> "Maya's apartment".
  const place = heading.split(' - ').slice(0, -1).pop()?.replace(/^[A-Z./]+ /, '') ?? 'room';
  const [owner, rest] = place.split("'S ");
  const subject = rest === undefined ? `The ${place.toLowerCase()}` : `${properName(owner ?? '')}'s ${rest.toLowerCase()}`;
  const details = [random.pick(DETAILS), random.pick(DETAILS), random.pick(DETAILS)].filter((d, i, all) => all.indexOf(d) === i);
  return `${subject} is ${random.pick(ATMOSPHERE)}. ${details.join(' ')}`;
}

/** Three to five sentences of what the scene's characters do. */
export function actionBeat(random: SeededRandom, speakers: readonly string[]): string {
  const sentences: string[] = [];
  for (let i = random.int(3, 5); i > 0; i--) {
    const who = properName(random.pick(speakers));
    sentences.push(random.chance(0.3) ? `${who} ${random.pick(BEATS)}, then ${random.pick(BEATS)}.` : `${who} ${random.pick(BEATS)}.`);
  }
  return sentences.join(' ');
}

/** A character cue, sometimes with an extension like (O.S.). */
export function characterCue(random: SeededRandom, speaker: string): string {
  return speaker + random.pick(EXTENSIONS);
}

/** One speech: one to four lines, now and then naming someone else in the scene. */
export function dialogue(random: SeededRandom, others: readonly string[]): string {
  const sentences: string[] = [];
  for (let i = random.int(1, 4); i > 0; i--) sentences.push(random.pick(LINES));
  if (others.length > 0 && random.chance(0.2)) sentences.unshift(`${properName(random.pick(others))}.`);
  return sentences.join(' ');
}

export function parenthetical(random: SeededRandom): string {
  return random.pick(PARENTHETICALS);
}

export function shot(random: SeededRandom): string {
  return random.pick(SHOTS);
}

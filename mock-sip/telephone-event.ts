/** RFC 4733 (was RFC 2833) telephone-events: the payloads of a digit sent, the digit of a payload received. */

const EVENT_CODES: Record<string, number> = { '*': 10, '#': 11, A: 12, B: 13, C: 14, D: 15 };
/** Volume field of the events we send (−10 dBm0). */
const VOLUME = 10;

export function eventCode(digit: string): number {
  return EVENT_CODES[digit] ?? Number(digit);
}

/**
 * The payload of one packet of a digit's event, `duration` in timestamp units since its start; the end bit marks
 * the last (RFC 4733 2.5.1.4).
 */
export function eventPayload(digit: string, duration: number, end: boolean): Buffer {
  const payload = Buffer.from([eventCode(digit), (end ? 0x80 : 0) | VOLUME, 0, 0]);
  payload.writeUInt16BE(duration, 2);
  return payload;
}

/** The digit of a received payload, only on its end packet (null otherwise or when too short). */
export function endedDigit(payload: Buffer): string | null {
  if (payload.length < 4) return null;
  if ((payload[1]! & 0x80) === 0) return null;
  const event = payload[0]!;
  return event < 10 ? String(event) : ('*#ABCD'[event - 10] ?? '?');
}

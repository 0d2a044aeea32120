/**
 * Call transfer (issue 13.1): where an operator may send a call, and what the workstation tells the campaign
 * server about a transfer it tried. Blind: the customer's dialog gets a REFER to the target. Attended: the
 * customer waits on hold while the operator consults the target, then the customer's dialog gets a REFER whose
 * Refer-To carries `Replaces` for the consult dialog (RFC 3891), or the operator cancels and returns.
 */
import { z } from 'zod';

/** Text the database keeps (PostgreSQL refuses NUL); not core/campaign.ts's, which imports the channel that imports this. */
const text = () => z.string().refine((s) => !s.includes('\u0000'), 'must not contain NUL characters');

/**
 * Where a call can go: a dialable number or SIP user (`+420…`, `2001`, `supervisor.anna`), or a SIP URI.
 * Kept as the operator typed it; the phone completes a bare user with its own SIP domain, as it does for calls.
 */
export const TransferAddressSchema = text()
  .trim()
  .min(1, 'a number or SIP address is required')
  .max(256)
  .regex(
    /^(?:sips?:[^\s<>"]+@[^\s<>"]+|[\w.+*#-]+)$/,
    'must be a number, a SIP user or a SIP URI (sip:user@host)',
  );

export const TRANSFER_TARGET_KINDS = ['supervisor', 'queue'] as const;
export const TransferTargetKindSchema = z.enum(TRANSFER_TARGET_KINDS);
export type TransferTargetKind = z.infer<typeof TransferTargetKindSchema>;

/** An entry of the transfer directory the campaign server keeps (supervisors and queues). */
export const TransferTargetSchema = z.object({
  id: z.string().min(1).max(128),
  name: z.string().min(1).max(200),
  kind: TransferTargetKindSchema,
  address: z.string().min(1).max(256),
});
export type TransferTarget = z.infer<typeof TransferTargetSchema>;

/** What an admin sends to add or change a directory entry. */
export const TransferTargetInputSchema = z
  .object({
    name: text().trim().min(1, 'name is required').max(200),
    kind: TransferTargetKindSchema,
    address: TransferAddressSchema,
  })
  .strict();

export const TransferKindSchema = z.enum(['blind', 'attended']);
export type TransferKind = z.infer<typeof TransferKindSchema>;

/**
 * How a transfer ended, as the transferring phone saw it: `completed` (the REFER's NOTIFY said 2xx),
 * `failed` (the REFER was refused, a NOTIFY said ≥ 300, or no NOTIFY came), `cancelled` (attended: the
 * operator gave up the consult and went back to the customer).
 */
export const TransferResultSchema = z.enum(['completed', 'failed', 'cancelled']);
export type TransferResult = z.infer<typeof TransferResultSchema>;

/** The report of one transfer, as the operator channel carries it and the attempt keeps it. */
export const TransferReportShape = {
  kind: TransferKindSchema,
  target: TransferAddressSchema,
  /** The directory entry it came from; absent for a typed number. */
  targetId: z.string().min(1).max(128).optional(),
  targetName: text().max(200).optional(),
  result: TransferResultSchema,
  /** Why it failed, in SIP's words (`486 Busy Here`, `no NOTIFY`), or null. */
  reason: text().max(200).nullable().default(null),
};

// ─── the transferring phone's stages ──────────────────────────────────────────────────────────────────────

/**
 * Where a transfer stands on the operator's phone (renderer/phone/transfer.ts):
 *
 *   idle ──blind──► transferring ──NOTIFY 2xx──► transferred (final: the operator's leg ends, ACW)
 *     │                 │  ▲
 *     │                 │  └──complete──┐
 *     └──attended──► consulting ────────┘
 *                       │ └──cancel──► cancelled ──► idle (back with the customer)
 *   transferring / consulting ──refused, NOTIFY ≥ 300, no NOTIFY, consult ended──► failed ──► idle (back)
 */
export type TransferStage = 'idle' | 'consulting' | 'transferring' | 'transferred' | 'failed' | 'cancelled';

export const TRANSFER_MOVES: Readonly<Record<TransferStage, readonly TransferStage[]>> = {
  idle: ['consulting', 'transferring'],
  consulting: ['transferring', 'cancelled', 'failed'],
  transferring: ['transferred', 'failed'],
  transferred: [],
  failed: ['idle'],
  cancelled: ['idle'],
};

export class IllegalTransferMoveError extends Error {
  constructor(
    readonly from: TransferStage,
    readonly to: TransferStage,
  ) {
    super(`a transfer cannot go from ${from} to ${to}`);
    this.name = 'IllegalTransferMoveError';
  }
}

/** The stage `to`, if the table allows the move from `from`; throws otherwise. */
export function moveTransfer(from: TransferStage, to: TransferStage): TransferStage {
  if (!TRANSFER_MOVES[from].includes(to)) throw new IllegalTransferMoveError(from, to);
  return to;
}

/** The result the server keeps for a stage that ends a transfer; null while it is under way. */
export function transferResultOf(stage: TransferStage): TransferResult | null {
  return stage === 'transferred'
    ? 'completed'
    : stage === 'failed'
      ? 'failed'
      : stage === 'cancelled'
        ? 'cancelled'
        : null;
}

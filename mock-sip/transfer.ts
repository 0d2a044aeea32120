/**
 * Call transfer (RFC 3515 REFER, RFC 3891 Replaces, RFC 5589 call flows) where mock-sip is the customer — the
 * transferee. The operator's phone (transferor) sends REFER in the customer's dialog; the customer accepts it
 * (202), reports progress in NOTIFYs whose body is a sipfrag status line (`SIP/2.0 100 Trying`, then the final
 * status of its new call), and calls the Refer-To target:
 *   - a registered user (a supervisor's phone): a real INVITE, with `Replaces` when the Refer-To carried one;
 *   - any other number: the scripted customer behind it (scenario `customers`) answers, refuses or rings as its
 *     behaviour says. With `Replaces` naming a consult call mock-sip answered as that customer, the target takes
 *     the transferee in place of the operator: the consult dialog ends (BYE to the operator, reason `replaced`).
 * The transferor hangs up its own dialog after the final NOTIFY, as RFC 5589 says; the customer leaves it be.
 */
import { tagOf } from './address';
import type { Call } from './calls';
import { header, parseCSeq, parseNameAddr, parseUri, reasonPhrases, type SipRequest } from './message';
import type { Pbx } from './pbx';
import type { Flow } from './transport';

interface ReplacesParam {
  callId: string;
  toTag: string;
  fromTag: string;
}

/** RFC 3891 6.1: `callid;to-tag=…;from-tag=…` (as carried in a Refer-To URI header, once unescaped). */
export function parseReplaces(text: string): ReplacesParam | undefined {
  const [callId, ...params] = text.split(';').map((s) => s.trim());
  const param = (name: string) =>
    params.find((p) => p.toLowerCase().startsWith(`${name}=`))?.slice(name.length + 1);
  const toTag = param('to-tag');
  const fromTag = param('from-tag');
  if (!callId || toTag === undefined || fromTag === undefined) return undefined;
  return { callId, toTag, fromTag };
}

/** RFC 3515 2.1: the Refer-To's URI, its target user and its `Replaces` URI header. */
export function parseReferTo(
  value: string,
): { uri: string; user: string; replaces?: ReplacesParam; rawReplaces?: string } | undefined {
  const inner = parseNameAddr(value)?.uri ?? value.trim();
  const q = inner.indexOf('?');
  const base = q < 0 ? inner : inner.slice(0, q);
  const uri = parseUri(base);
  if (!uri?.user) return undefined;
  let rawReplaces: string | undefined;
  for (const h of q < 0 ? [] : inner.slice(q + 1).split('&')) {
    const eq = h.indexOf('=');
    if (eq > 0 && h.slice(0, eq).toLowerCase() === 'replaces')
      rawReplaces = decodeURIComponent(h.slice(eq + 1));
  }
  const replaces = rawReplaces === undefined ? undefined : parseReplaces(rawReplaces);
  if (rawReplaces !== undefined && !replaces) return undefined;
  return { uri: base, user: uri.user, replaces, rawReplaces };
}

const statusLine = (status: number) => `SIP/2.0 ${status} ${reasonPhrases[status] ?? 'Failed'}`;

export class Transfers {
  constructor(private readonly pbx: Pbx) {}

  /** A REFER in a call where mock-sip is the customer. */
  refer(flow: Flow, call: Call, request: SipRequest): void {
    const pbx = this.pbx;
    const referTo = parseReferTo(header(request, 'Refer-To') ?? '');
    // RFC 3515 2.4.2: a REFER without a usable Refer-To is refused.
    if (!referTo) return void pbx.respond(flow, request, 400, { reason: 'Bad Refer-To' });
    if (call.info.state !== 'answered' && call.info.state !== 'held')
      return void pbx.respond(flow, request, 481);
    pbx.respond(flow, request, 202);
    const referCSeq = parseCSeq(header(request, 'CSeq')!)!.seq;
    pbx.log({
      type: 'refer',
      callId: call.info.id,
      target: referTo.user,
      replaces: referTo.rawReplaces ?? null,
      referredBy: header(request, 'Referred-By') ?? null,
    });
    void this.notify(call, referCSeq, 100, false).then(async () => {
      const status = await this.callTarget(call, referTo.user, referTo.replaces, referTo.rawReplaces);
      await this.notify(call, referCSeq, status, true);
      pbx.log({ type: 'transfer_result', callId: call.info.id, target: referTo.user, status });
    });
  }

  /** RFC 3515 2.4.4 / 2.4.5: progress of the referred call as a sipfrag, in the REFER's implicit subscription. */
  private async notify(call: Call, referCSeq: number, status: number, final: boolean): Promise<void> {
    const dialog = call.dialog;
    if (!dialog || call.info.state === 'ended') return;
    const notify = dialog.buildRequest('NOTIFY', {
      headers: [
        { name: 'Event', value: `refer;id=${referCSeq}` },
        {
          name: 'Subscription-State',
          value: final ? 'terminated;reason=noresource' : 'active;expires=60',
        },
        { name: 'Content-Type', value: 'message/sipfrag;version=2.0' },
      ],
      body: `${statusLine(status)}\r\n`,
    });
    const response = await dialog.request(notify, 5000);
    this.pbx.log({ type: 'transfer_notify', callId: call.info.id, sipfrag: status, answer: response.status });
  }

  /** The customer's new call to the Refer-To target; resolves with its final status. */
  private async callTarget(
    call: Call,
    target: string,
    replaces: ReplacesParam | undefined,
    rawReplaces: string | undefined,
  ): Promise<number> {
    const pbx = this.pbx;
    const customer = call.info.kind === 'customer' ? call.info.to : call.info.from;
    if (pbx.registrar.knows(target) || pbx.scenario.users.some((u) => u.user === target)) {
      const behaviour = pbx.customers.find(customer);
      const next = pbx.calls.create({ kind: 'inbound', from: customer, to: target }, (c, reason) =>
        pbx.customers.hangup(c, reason),
      );
      const status = await pbx.customerCalls.callUser(next, {
        play: behaviour.action === 'answer' ? behaviour.media.play : { tone: 440 },
        headers: [
          {
            name: 'Referred-By',
            value: `<sip:${call.info.kind === 'customer' ? call.info.from : call.info.to}@${pbx.domain}>`,
          },
          ...(rawReplaces ? [{ name: 'Replaces', value: rawReplaces }] : []),
        ],
      });
      if (status >= 300) void pbx.calls.end(next, 'refused', status);
      else this.connected(call, next, null);
      return status;
    }
    if (replaces) return this.replace(call, customer, target, replaces);
    const behaviour = pbx.customers.find(target);
    const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 30_000)));
    switch (behaviour.action) {
      case 'reject':
        await wait(behaviour.afterMs);
        return behaviour.code;
      case 'ring':
        await wait(behaviour.timeoutMs);
        return 408;
      case 'answer': {
        await wait(behaviour.afterMs);
        const next = pbx.calls.create({ kind: 'customer', from: customer, to: target }, (c, reason) =>
          pbx.customers.hangup(c, reason),
        );
        pbx.calls.move(next, 'answered');
        this.connected(call, next, null);
        return 200;
      }
    }
  }

  /**
   * RFC 3891 3: the target is the scripted customer that answered the operator's consult call. It takes the
   * transferee in place of the consult dialog, which it ends; 481 when no such dialog is up (tags included).
   */
  private replace(call: Call, customer: string, target: string, replaces: ReplacesParam): number {
    const pbx = this.pbx;
    const consult = pbx.calls.local.get(replaces.callId);
    const dialog = consult?.dialog;
    if (
      !consult ||
      !dialog ||
      consult.info.state === 'ended' ||
      consult.info.kind !== 'customer' ||
      tagOf(dialog.local) !== replaces.toTag ||
      tagOf(dialog.remote) !== replaces.fromTag
    ) {
      pbx.log({ type: 'replaces_unmatched', callId: call.info.id, replaces: replaces.callId });
      return 481;
    }
    const next = pbx.calls.create({ kind: 'customer', from: customer, to: target }, (c, reason) =>
      pbx.customers.hangup(c, reason),
    );
    pbx.calls.move(next, 'answered');
    pbx.log({ type: 'call_replaced', callId: consult.info.id, by: next.info.id });
    consult.hangup('replaced');
    this.connected(call, next, consult);
    return 200;
  }

  private connected(call: Call, next: Call, replaced: Call | null): void {
    this.pbx.log({
      type: 'transfer_connected',
      callId: call.info.id,
      newCallId: next.info.id,
      from: next.info.from,
      to: next.info.to,
      replaced: replaced?.info.id ?? null,
    });
  }
}

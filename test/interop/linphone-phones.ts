/**
 * The lab's two linphone phones (linphone.ts): the customer who is transferred (NUMBERS.transferee, behind the
 * trunk) and the supervisor's desk phone (SUPERVISOR, registered on Kamailio). Starting them, starting the
 * supervisor's again after Kamailio restarted, and closing them; stack.ts spawns and stops the processes.
 */
import { join } from 'node:path';
import type { Daemon } from './daemons';
import { stopDaemon, waitFor } from './daemons';
import { CUSTOMER_TONE_HZ, DOMAIN, NUMBERS, SUPERVISOR, SUPERVISOR_TONE_HZ } from './lab-accounts';
import { LinphonePhone } from './linphone';
import type { PortPlan } from './ports';
import { sipOptionsPing } from './probes';

export type LinphoneSpawn = (name: string, args: string[], cwd: string, env: NodeJS.ProcessEnv) => Daemon;

type Lab = {
  ports: PortPlan;
  workDir: string;
  /** Starts linphonec with its stdin and stdout piped to us (stack.ts keeps it among its daemons). */
  spawn: LinphoneSpawn;
  /** A daemon this module stopped itself: stack.ts no longer needs to. */
  forget: (daemon: Daemon) => void;
  /** Counts Kamailio's starts: each one forgets every registration. */
  kamailioStarts: () => number;
};

export class LinphonePhones {
  private readonly daemons = new Map<LinphonePhone, Daemon>();
  /** The Kamailio (its start count) that holds the supervisor's registration. */
  private supervisorRegisteredWith = 0;

  private constructor(
    private readonly lab: Lab,
    public transferee: LinphonePhone,
    public supervisor: LinphonePhone,
  ) {}

  static async start(lab: Lab): Promise<LinphonePhones> {
    const proxy = `sip:${DOMAIN}:${lab.ports.sip}`;
    const transferee = new LinphonePhone({
      number: NUMBERS.transferee,
      sipPort: lab.ports.linphoneSip.transferee,
      rtpPorts: lab.ports.linphoneRtp.transferee,
      toneHz: CUSTOMER_TONE_HZ,
      configDir: join(lab.workDir, `linphone-${NUMBERS.transferee}`),
      proxy,
      domain: DOMAIN,
    });
    const supervisor = new LinphonePhone({
      number: SUPERVISOR.user,
      sipPort: lab.ports.linphoneSip.supervisor,
      rtpPorts: lab.ports.linphoneRtp.supervisor,
      toneHz: SUPERVISOR_TONE_HZ,
      configDir: join(lab.workDir, `linphone-${SUPERVISOR.user}`),
      proxy,
      domain: DOMAIN,
      password: SUPERVISOR.password,
    });
    const phones = new LinphonePhones(lab, transferee, supervisor);
    await Promise.all([phones.run(transferee), phones.run(supervisor)]);
    return phones;
  }

  /** Up when it answers OPTIONS and, for an extension, once Kamailio took its REGISTER. */
  private async run(phone: LinphonePhone): Promise<void> {
    const daemon = this.lab.spawn(`linphone-${phone.number}`, phone.args(), phone.configDir, phone.env());
    this.daemons.set(phone, daemon);
    phone.attach(daemon.child, daemon.log);
    await waitFor(`linphone ${phone.number} answers OPTIONS`, daemon, () => sipOptionsPing(phone.sipPort));
    if (phone.registers) {
      await waitFor(`linphone ${phone.number} registered on Kamailio`, daemon, async () =>
        phone.registered(),
      );
    }
  }

  /**
   * Kamailio forgets registrations when it restarts, and linphone does not register again by itself here: on
   * a loopback-only network liblinphone decides after 5 s that the network is down and stops refreshing. So
   * when Kamailio started since the supervisor registered, a fresh linphonec registers it at once.
   */
  async registerSupervisor(kamailioStarts: number): Promise<void> {
    if (this.supervisorRegisteredWith === kamailioStarts) return;
    const old = this.supervisor;
    const daemon = this.daemons.get(old);
    old.close();
    if (daemon) {
      await stopDaemon(daemon);
      this.daemons.delete(old);
      this.lab.forget(daemon);
    }
    this.supervisor = old.fresh();
    await this.run(this.supervisor);
  }

  close(): void {
    this.transferee.close();
    this.supervisor.close();
  }
}

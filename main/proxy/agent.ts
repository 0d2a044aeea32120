/**
 * An `http.Agent` for the host's own connections (the operator channel's WebSocket to the campaign server)
 * that goes where the proxy resolver says: straight to the server, or through an HTTP CONNECT tunnel
 * (https-proxy-agent), per connection, so a changed setting applies at the next reconnect.
 */
import { Agent as HttpAgent, type ClientRequest } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { Agent, type AgentConnectOpts } from 'agent-base';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { firstUsableRoute, parsePacResult } from '../../core/proxy';
import type { ProxyResolver } from './resolver';

export type RouteTaken = { target: string; result: string; via: string | null };

export class ProxyRouteAgent extends Agent {
  private readonly tunnels = new Map<string, HttpsProxyAgent<string>>();
  private readonly direct = { http: new HttpAgent(), https: new HttpsAgent() };

  constructor(
    private readonly resolve: ProxyResolver,
    private readonly onRoute: (route: RouteTaken) => void = () => undefined,
  ) {
    super();
  }

  async connect(_req: ClientRequest, opts: AgentConnectOpts) {
    const scheme = opts.secureEndpoint ? 'https' : 'http';
    const host = opts.host?.includes(':') ? `[${opts.host}]` : opts.host;
    const target = `${scheme}://${host}:${opts.port}/`;
    const result = await this.resolve(target);
    const route = firstUsableRoute(parsePacResult(result));
    if (!route) {
      throw new Error(
        `the proxy for ${target} is "${result}", which this app cannot use (only HTTP proxies)`,
      );
    }
    this.onRoute({ target, result, via: route.kind === 'proxy' ? route.url : null });
    if (route.kind === 'direct') return opts.secureEndpoint ? this.direct.https : this.direct.http;
    let tunnel = this.tunnels.get(route.url);
    if (!tunnel) {
      tunnel = new HttpsProxyAgent(route.url);
      this.tunnels.set(route.url, tunnel);
    }
    return tunnel;
  }

  override destroy(): void {
    this.direct.http.destroy();
    this.direct.https.destroy();
    for (const t of this.tunnels.values()) t.destroy();
    super.destroy();
  }
}

/**
 * WebSockets that have not been accepted yet (no connection_init acknowledged), counted per
 * client address. Until it authenticates a socket is anyone's, and holding many of them
 * costs the server memory and timers for up to WS_CONNECTION_INIT_TIMEOUT_MS each; so an
 * address at the cap opens no more until one of its sockets is accepted or closes.
 * Accepted sockets are not counted here: MAX_CONNECTIONS_PER_USER caps those, per person.
 */
export class PendingSockets<Socket extends object> {
  private readonly perAddress = new Map<string, number>();
  private readonly addressOf = new WeakMap<Socket, string>();

  constructor(private readonly max: number) {}

  /** Whether `address` may open one more socket. */
  admits(address: string): boolean {
    return (this.perAddress.get(address) ?? 0) < this.max;
  }

  add(socket: Socket, address: string): void {
    if (this.addressOf.has(socket)) return;
    this.addressOf.set(socket, address);
    this.perAddress.set(address, (this.perAddress.get(address) ?? 0) + 1);
  }

  /** Frees the socket's place; once only, however often it is called (accepted, then closed). */
  release(socket: Socket): void {
    const address = this.addressOf.get(socket);
    if (address === undefined) return;
    this.addressOf.delete(socket);
    const left = this.perAddress.get(address)! - 1;
    if (left === 0) this.perAddress.delete(address);
    else this.perAddress.set(address, left);
  }
}

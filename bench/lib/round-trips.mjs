// Counting the round trips a PostgreSQL client waits for, from the bytes that pass a proxy.
//
// A request is a message the server answers with exactly one ReadyForQuery ('Z'): a simple Query
// ('Q'), a Sync ('S') that closes a batch of extended-protocol messages, or the rare FunctionCall
// ('F'). The start-up packet is a request too (its 'Z' ends the start-up) but is not counted.
// A client that pipelines sends request k+1 before k's 'Z' has come back; it waits only when it
// sends a request while no earlier one is unanswered. So:
//   messages: every request after the start-up
//   waited:   the requests sent while nothing was unanswered, the round trips the client waits for
// "Unanswered" is judged from the client's side of the proxy: a request counts as answered once
// its 'Z' has been handed to the client (after the proxy's delay), not when it left the server.
// A client waiting on a Flush ('H') without a Sync is not seen; no runner measured does that.

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const QUERY = 0x51;
const SYNC = 0x53;
const FUNCTION_CALL = 0x46;
const READY_FOR_QUERY = 0x5a;

export class RoundTripCounter {
  constructor() {
    this.messages = 0;
    this.waited = 0;
    // requests sent and not yet answered by a 'Z' handed to the client
    this.unanswered = 0;
    // the connection went over to TLS or GSS encryption: nothing more can be read
    this.opaque = false;
    this.clientBuffer = Buffer.alloc(0);
    this.serverBuffer = Buffer.alloc(0);
    this.started = false;
    // the server answers an SSL or GSSENC request with one unframed byte
    this.rawAnswersDue = 0;
  }

  /** Bytes the client sent, as they reach the proxy. */
  fromClient(chunk) {
    if (this.opaque) return;
    let buffer = Buffer.concat([this.clientBuffer, chunk]);
    for (;;) {
      if (!this.started) {
        // the start-up packet, an SSL or GSSENC request, a cancel request: int32 length, int32 code
        if (buffer.length < 8) break;
        const length = buffer.readUInt32BE(0);
        if (buffer.length < length) break;
        const code = buffer.readUInt32BE(4);
        buffer = buffer.subarray(length);
        if (code === SSL_REQUEST || code === GSSENC_REQUEST) this.rawAnswersDue += 1;
        else {
          // the start-up (or a cancel request, after which the connection closes)
          this.started = true;
          this.unanswered += 1;
        }
        continue;
      }
      if (buffer.length < 5) break;
      const length = buffer.readUInt32BE(1);
      if (buffer.length < 1 + length) break;
      const type = buffer[0];
      buffer = buffer.subarray(1 + length);
      if (type === QUERY || type === SYNC || type === FUNCTION_CALL) {
        this.messages += 1;
        if (this.unanswered === 0) this.waited += 1;
        this.unanswered += 1;
      }
    }
    this.clientBuffer = buffer;
  }

  /** Bytes the server sent, as the proxy hands them to the client. */
  toClient(chunk) {
    if (this.opaque) return;
    let buffer = Buffer.concat([this.serverBuffer, chunk]);
    for (;;) {
      if (this.rawAnswersDue > 0) {
        if (buffer.length < 1) break;
        const answer = buffer[0];
        buffer = buffer.subarray(1);
        this.rawAnswersDue -= 1;
        // 'S' or 'G': encryption follows and the messages can no longer be read
        if (answer === 0x53 || answer === 0x47) {
          this.opaque = true;
          return;
        }
        continue;
      }
      if (buffer.length < 5) break;
      const length = buffer.readUInt32BE(1);
      if (buffer.length < 1 + length) break;
      const type = buffer[0];
      buffer = buffer.subarray(1 + length);
      if (type === READY_FOR_QUERY && this.unanswered > 0) this.unanswered -= 1;
    }
    this.serverBuffer = buffer;
  }
}

/** The counts of several connections added up. */
export function totals(counters) {
  const sum = { connections: 0, messages: 0, waited: 0, opaque: 0 };
  for (const counter of counters) {
    sum.connections += 1;
    sum.messages += counter.messages;
    sum.waited += counter.waited;
    sum.opaque += counter.opaque ? 1 : 0;
  }
  return sum;
}

import { randomInt } from "node:crypto";

/**
 * A random loopback address 127.x.y.z (x 16-254, z 1-254), none of `taken`. Linux routes all of
 * 127.0.0.0/8 to the loopback interface (`ip route show table local`: "local 127.0.0.0/8 dev lo"), so
 * a listener can bind any of them without adding an address to an interface: nothing to undo but the
 * listener itself. Random over ~16 million addresses, so parallel runs practically never pick the same
 * one; a clash is caught by the listener's exclusive bind and another address is drawn.
 */
export function randomLoopbackAddress(taken: ReadonlySet<string> = new Set()): string {
  for (;;) {
    const address = `127.${randomInt(16, 255)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;
    if (!taken.has(address)) return address;
  }
}

/**
 * load_balance_hosts=random: libpq shuffles the host list once, then each host's addresses as they are
 * resolved (fe-connect.c `libpq_prng_init`, `shuffle` of `connhost` and `addrinfo`), with a uniform
 * Fisher–Yates shuffle.
 */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

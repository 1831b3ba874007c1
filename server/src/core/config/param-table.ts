// postconf's table of valid parameter names, as a layer over the built-in table of one Postfix
// version. The built-in part (about 1,000 names) is shared by every model of that version and never
// changes; a model's own entries (master.cf's service names, user-defined names, a built-in name whose
// class changed) live in a small map over it. Reading it is like reading a Map: the built-in names in
// their order (with a model's replacement where it has one), then the model's added names in the
// order they were added. Building a model on every edit then costs nothing for the built-in names.
// The names master.cf's services derive (service name + a suffix of its command: "relay" +
// "_destination_rate_delay") are kept as the services that make them, not one by one: pipe alone
// derives 17 per service, and a master.cf of thousands of services made hundreds of thousands of
// names (most of the memory a 4 MB master.cf took, and seconds of hashing).

export interface ParamNode {
  readonly flags: number;
  /** For service parameters: the parameter whose value is the default ("$default_..."). */
  readonly serviceDefault?: string;
}

/** A suffix a service's command derives a name with, and the node of every name it derives. */
export interface DerivedSuffix {
  readonly suffix: string;
  readonly node: ParamNode;
}

interface Registration {
  /** Registration order; with the suffix's place in `list`, which registration derived a name first. */
  readonly order: number;
  readonly service: string;
  readonly list: readonly DerivedSuffix[];
}

export class ParamTable {
  /** A model's entries: replacements of built-in ones and added names. */
  private readonly own = new Map<string, ParamNode>();
  /** Names set that are not built-in (some may be derived too). */
  private added = 0;
  /** Service registrations by service name, and all of them in order. */
  private readonly derivedBy = new Map<string, Registration[]>();
  private readonly derived: Registration[] = [];
  /** Every suffix some registration has: a name can only be derived if it ends with one. */
  private readonly suffixes = new Set<string>();

  constructor(private readonly base: ReadonlyMap<string, ParamNode>) {}

  get(name: string): ParamNode | undefined {
    return this.own.get(name) ?? this.base.get(name) ?? this.derivedNode(name);
  }

  has(name: string): boolean {
    return this.base.has(name) || this.own.has(name) || this.derivedNode(name) !== undefined;
  }

  /** The node of a name the table holds itself (built-in or set), not derived from a service. */
  stored(name: string): ParamNode | undefined {
    return this.own.get(name) ?? this.base.get(name);
  }

  /** Adds a name, or replaces the node of one (a built-in or derived name keeps its place in the order). */
  set(name: string, node: ParamNode): void {
    if (!this.own.has(name) && !this.base.has(name)) this.added++;
    this.own.set(name, node);
  }

  /**
   * Adds `service` + each suffix of `list`, in that order, as postconf registers a service's
   * parameters. The caller changes names the table already stores itself (set, setFlags); a name an
   * earlier registration derived keeps that registration's node, as postconf keeps the first.
   */
  deriveFrom(service: string, list: readonly DerivedSuffix[]): void {
    if (list.length === 0) return;
    const r: Registration = { order: this.derived.length, service, list };
    this.derived.push(r);
    let regs = this.derivedBy.get(service);
    if (!regs) this.derivedBy.set(service, (regs = []));
    regs.push(r);
    for (const d of list) this.suffixes.add(d.suffix);
  }

  /** The node of a derived name, from the first registration that derives it. */
  private derivedNode(name: string): ParamNode | undefined {
    const first = this.firstDerivation(name);
    return first && first.r.list[first.k]!.node;
  }

  /**
   * Which registration derived `name` first, and with which suffix. Every suffix starts with "_", so
   * only the tails of the name from one of its "_" on are looked up.
   */
  private firstDerivation(name: string): { r: Registration; k: number } | undefined {
    if (this.derived.length === 0) return undefined;
    let best: { r: Registration; k: number } | undefined;
    for (let i = name.lastIndexOf('_'); i > 0; i = name.lastIndexOf('_', i - 1)) {
      const suffix = name.slice(i);
      if (!this.suffixes.has(suffix)) continue;
      for (const r of this.derivedBy.get(name.slice(0, i)) ?? []) {
        if (best && best.r.order < r.order) break;
        const k = r.list.findIndex((d) => d.suffix === suffix);
        if (k !== -1 && (!best || r.order < best.r.order || (r.order === best.r.order && k < best.k))) best = { r, k };
      }
    }
    return best;
  }

  /** Changes the flags of a known name; the name's new node. */
  setFlags(name: string, flags: number): ParamNode {
    const node = { ...this.get(name), flags };
    this.set(name, node);
    return node;
  }

  /** Counted when asked for (only tests ask): counting on every registration cost seconds for a huge master.cf. */
  get size(): number {
    let n = this.base.size;
    for (const _ of this.addedEntries()) n++;
    return n;
  }

  /**
   * The names the model added, in the order it added them: service-derived names come first (the
   * model registers them before any other name). The names set after the walk starts are not in it.
   */
  *addedEntries(): IterableIterator<[string, ParamNode]> {
    if (this.added === 0 && this.derived.length === 0) return;
    const own = [...this.own];
    for (const r of this.derived) {
      for (let k = 0; k < r.list.length; k++) {
        const name = r.service + r.list[k]!.suffix;
        if (this.base.has(name)) continue;
        const first = this.firstDerivation(name)!;
        if (first.r === r && first.k === k) yield [name, this.own.get(name) ?? r.list[k]!.node];
      }
    }
    for (const e of own) if (!this.base.has(e[0]) && (this.derived.length === 0 || !this.firstDerivation(e[0]))) yield e;
  }

  *entries(): IterableIterator<[string, ParamNode]> {
    if (this.own.size === 0) yield* this.base;
    else for (const [name, node] of this.base) yield [name, this.own.get(name) ?? node];
    yield* this.addedEntries();
  }

  *keys(): IterableIterator<string> {
    yield* this.base.keys();
    for (const [name] of this.addedEntries()) yield name;
  }

  [Symbol.iterator](): IterableIterator<[string, ParamNode]> {
    return this.entries();
  }
}

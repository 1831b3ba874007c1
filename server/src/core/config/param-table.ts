// postconf's table of valid parameter names, as a layer over the built-in table of one Postfix
// version. The built-in part (about 1,000 names) is shared by every model of that version and never
// changes; a model's own entries (master.cf's service names, user-defined names, a built-in name whose
// class changed) live in a small map over it. Reading it is like reading a Map: the built-in names in
// their order (with a model's replacement where it has one), then the model's added names in the
// order they were added. Building a model on every edit then costs nothing for the built-in names.

export interface ParamNode {
  readonly flags: number;
  /** For service parameters: the parameter whose value is the default ("$default_..."). */
  readonly serviceDefault?: string;
}

export class ParamTable {
  /** A model's entries: replacements of built-in ones and added names. */
  private readonly own = new Map<string, ParamNode>();
  private added = 0;

  constructor(private readonly base: ReadonlyMap<string, ParamNode>) {}

  get(name: string): ParamNode | undefined {
    return this.own.get(name) ?? this.base.get(name);
  }

  has(name: string): boolean {
    return this.base.has(name) || this.own.has(name);
  }

  /** Adds a name, or replaces the node of one (a built-in name keeps its place in the order). */
  set(name: string, node: ParamNode): void {
    if (!this.own.has(name) && !this.base.has(name)) this.added++;
    this.own.set(name, node);
  }

  /** Changes the flags of a known name; the name's new node. */
  setFlags(name: string, flags: number): ParamNode {
    const node = { ...this.get(name), flags };
    this.set(name, node);
    return node;
  }

  get size(): number {
    return this.base.size + this.added;
  }

  /** The names the model added, in the order it added them. */
  *addedEntries(): IterableIterator<[string, ParamNode]> {
    if (this.added === 0) return;
    for (const e of this.own) if (!this.base.has(e[0])) yield e;
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

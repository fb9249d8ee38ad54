// An overall time limit for one API call or one download, named after the config field that sets it.

export class Deadline {
  readonly at: number;
  constructor(
    readonly seconds: number,
    /** The config field, e.g. "lifetime.requestDeadlineSeconds", for messages and hints. */
    readonly field: string,
  ) {
    this.at = Date.now() + seconds * 1000;
  }

  remainingMs(): number {
    return Math.max(0, this.at - Date.now());
  }

  /** "within 2 s (lifetime.downloadDeadlineSeconds)" */
  describe(): string {
    return `within ${this.seconds} s (${this.field})`;
  }
}

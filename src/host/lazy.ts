// A feature that is set up on first use. A failed set-up is not kept: the next use tries again, so
// one bad moment (a file the feature reads, a VS Code API that throws) does not leave its commands
// broken until the window is reloaded.
export class Lazy<T> {
  private loading?: Promise<T>;

  constructor(private readonly load: () => Promise<T>) {}

  get(): Promise<T> {
    if (!this.loading) {
      const attempt = this.load();
      this.loading = attempt;
      attempt.catch(() => {
        if (this.loading === attempt) this.loading = undefined;
      });
    }
    return this.loading;
  }
}

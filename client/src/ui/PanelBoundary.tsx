import { Component, type ErrorInfo, type ReactNode } from 'react';
import { t } from '../i18n/i18n.ts';

interface Props {
  /** Which part of the screen this is, for the report in the console (never shown). */
  name: string;
  /**
   * Changes whenever the data the part shows may have changed (the board snapshot does, with
   * every change to the doc): a new value clears a failure and renders the part again, so the
   * part comes back as soon as good data arrives, without a reload.
   */
  resetKey: unknown;
  /** Inside a line of text (the timer in a top bar): a smaller message. */
  inline?: boolean;
  /** Class of the message's box, to take the place of the part (a card, the projector wall). */
  className?: string;
  children: ReactNode;
}

interface State {
  failed: boolean;
  resetKey: unknown;
}

/**
 * Keeps one part of a screen from taking the whole screen down. React unmounts everything
 * when a render throws and no boundary catches it: one bad value from the doc (a writer's bug,
 * a hostile writer) used to blank the projector, the facilitator's laptop and every phone in
 * the room until they reloaded. Each independent part of a screen (results, wall, clustering
 * board, notes, brief, agenda, timer) sits in one of these: if it throws, it shows a short
 * message with a retry, reports to console.error, and the rest of the screen carries on and
 * keeps updating live.
 */
export class PanelBoundary extends Component<Props, State> {
  override state: State = { failed: false, resetKey: this.props.resetKey };
  /** The last error reported, so a part failing on every update does not flood the console. */
  private reported: string | null = null;

  static getDerivedStateFromError(): Partial<State> {
    return { failed: true };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey === state.resetKey ? null : { failed: false, resetKey: props.resetKey };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    if (message === this.reported) return;
    this.reported = message;
    console.error(
      `Convene: the ${this.props.name} part could not be shown`,
      error,
      info.componentStack,
    );
  }

  override componentDidUpdate(): void {
    if (!this.state.failed) this.reported = null;
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    const retry = (
      <button
        type="button"
        className="btn btn--secondary btn--small"
        onClick={() => this.setState({ failed: false })}
      >
        {t.retry}
      </button>
    );
    if (this.props.inline) {
      return (
        <span className="panel-error panel-error--inline" role="alert" data-panel={this.props.name}>
          <span>{t.panelFailed}</span>
          {retry}
        </span>
      );
    }
    return (
      <div
        className={`panel-error ${this.props.className ?? ''}`}
        role="alert"
        data-panel={this.props.name}
      >
        <p>{t.panelFailed}</p>
        {retry}
      </div>
    );
  }
}

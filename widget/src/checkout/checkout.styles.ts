import { css } from 'lit';

/**
 * The widget's styles. Every colour, the radius and the font come from `--cargopay-*` custom properties whose
 * defaults depend on `theme`; the same computed values feed Stripe's Appearance API. Contrast of the defaults
 * meets WCAG 2.2 AA (text ≥ 4.5:1, focus ring and borders ≥ 3:1) in both themes.
 */
export const checkoutStyles = css`
  :host {
    --cargopay-accent: #0b5cad;
    --cargopay-accent-text: #fff;
    --cargopay-background: #fff;
    --cargopay-text: #1a1f36;
    --cargopay-muted: #4f566b;
    --cargopay-border: #767d8f;
    --cargopay-danger: #b3261e;
    --cargopay-success: #17693a;
    --cargopay-radius: 6px;
    --cargopay-spacing: 4px;
    --cargopay-font-family: system-ui, sans-serif;
    display: block;
    max-width: 36rem;
    color: var(--cargopay-text);
    background: var(--cargopay-background);
    font: 1rem/1.5 var(--cargopay-font-family);
  }
  :host([hidden]) {
    display: none;
  }
  :host([theme='dark']) {
    --cargopay-accent: #8ab4f8;
    --cargopay-accent-text: #0d1117;
    --cargopay-background: #1b1f27;
    --cargopay-text: #eef0f4;
    --cargopay-muted: #b6bdca;
    --cargopay-border: #8b93a3;
    --cargopay-danger: #ffb4ab;
    --cargopay-success: #7dd99a;
  }
  @media (prefers-color-scheme: dark) {
    :host([theme='auto']) {
      --cargopay-accent: #8ab4f8;
      --cargopay-accent-text: #0d1117;
      --cargopay-background: #1b1f27;
      --cargopay-text: #eef0f4;
      --cargopay-muted: #b6bdca;
      --cargopay-border: #8b93a3;
      --cargopay-danger: #ffb4ab;
      --cargopay-success: #7dd99a;
    }
  }
  [part='base'] {
    display: grid;
    gap: calc(var(--cargopay-spacing) * 4);
    padding: calc(var(--cargopay-spacing) * 4);
  }
  h2 {
    margin: 0;
    font-size: 1.125rem;
  }
  h2:focus {
    outline: none;
  }
  dl {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: var(--cargopay-spacing) calc(var(--cargopay-spacing) * 4);
    margin: 0;
  }
  dt {
    color: var(--cargopay-muted);
  }
  dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
  .amount {
    font-size: 1.25rem;
    font-weight: 600;
  }
  [part='skeleton'] {
    display: grid;
    gap: calc(var(--cargopay-spacing) * 3);
  }
  [part='skeleton'] i {
    display: block;
    height: 1.25rem;
    border-radius: var(--cargopay-radius);
    background: var(--cargopay-border);
    opacity: 0.25;
    animation: pulse 1.2s ease-in-out infinite alternate;
  }
  [part='skeleton'] i:nth-child(2) {
    width: 60%;
  }
  [part='skeleton'] i:last-child {
    height: 7rem;
  }
  @keyframes pulse {
    to {
      opacity: 0.5;
    }
  }
  label {
    display: block;
    font-weight: 600;
  }
  input {
    box-sizing: border-box;
    width: 100%;
    min-height: 2.75rem;
    margin-top: var(--cargopay-spacing);
    padding: 0 calc(var(--cargopay-spacing) * 3);
    border: 1px solid var(--cargopay-border);
    border-radius: var(--cargopay-radius);
    color: inherit;
    background: transparent;
    font: inherit;
    text-transform: uppercase;
  }
  input[aria-invalid='true'] {
    border-color: var(--cargopay-danger);
  }
  .hint {
    color: var(--cargopay-muted);
    font-size: 0.875rem;
  }
  .error {
    color: var(--cargopay-danger);
  }
  .ok {
    color: var(--cargopay-success);
  }
  button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: calc(var(--cargopay-spacing) * 2);
    min-height: 2.75rem;
    padding: 0 calc(var(--cargopay-spacing) * 5);
    border: 0;
    border-radius: var(--cargopay-radius);
    color: var(--cargopay-accent-text);
    background: var(--cargopay-accent);
    font: inherit;
    font-weight: 600;
    cursor: pointer;
  }
  button[aria-disabled='true'] {
    cursor: progress;
    opacity: 0.8;
  }
  :focus-visible {
    outline: 3px solid var(--cargopay-accent);
    outline-offset: 2px;
  }
  .spinner {
    width: 1em;
    height: 1em;
    border: 2px solid currentColor;
    border-right-color: transparent;
    border-radius: 50%;
    animation: spin 0.8s linear infinite;
  }
  .busy {
    display: flex;
    gap: var(--cargopay-spacing);
    align-items: center;
  }
  .busy .spinner {
    flex: none;
  }
  @keyframes spin {
    to {
      transform: rotate(1turn);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    *,
    i {
      animation: none !important;
    }
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  [hidden] {
    display: none !important;
  }
`;

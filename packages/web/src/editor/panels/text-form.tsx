import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useAction } from './use-action.js';

interface TextFormProps {
  /** What the text is: "Comment", "Reply", "Name of this draft". Labels the form and its field. */
  label: string;
  submitLabel: string;
  initial?: string;
  /** A text box of several lines (a comment) rather than one (a name). */
  multiline?: boolean;
  maxLength?: number;
  /** Rejects with an ApiError to keep the form open showing why. */
  onSubmit(text: string): Promise<unknown>;
  onCancel(): void;
}

/**
 * A small inline form for one piece of text beside the page, with its own
 * failure shown under the field. Opens with the text selected; Escape cancels.
 */
export function TextForm({ label, submitLabel, initial = '', multiline = false, maxLength, onSubmit, onCancel }: TextFormProps) {
  const [text, setText] = useState(initial);
  const { busy, error, run } = useAction();
  const field = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const errorId = useId();
  useEffect(() => field.current?.select(), []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim() !== '') void run(() => onSubmit(text.trim()));
  };
  const common = {
    ref: field,
    value: text,
    maxLength,
    'aria-describedby': error ? errorId : undefined,
    onChange: (event: { target: { value: string } }) => setText(event.target.value),
  };
  return (
    <form className="text-form" aria-label={label} onSubmit={submit} onKeyDown={(event) => event.key === 'Escape' && onCancel()}>
      <label>
        {label}
        {multiline ? <textarea rows={3} {...common} /> : <input type="text" {...common} />}
      </label>
      {error && (
        <p className="error" role="alert" id={errorId}>
          {error}
        </p>
      )}
      <div className="text-form-buttons">
        <button type="submit" disabled={busy || text.trim() === ''}>
          {submitLabel}
        </button>
        <button type="button" className="quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

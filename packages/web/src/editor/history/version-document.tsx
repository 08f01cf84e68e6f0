import { EditorContent, useEditor } from '@tiptap/react';
import { screenplayExtensions } from '@writersroom/screenplay';
import type { CheckpointContent } from '../../api/history.js';
import { PageLayoutExtension } from '../pages/page-layout.js';

/**
 * A checkpoint's text laid out as the page lays out the live script (same
 * schema, same pages), in an editor of its own with no collaboration: it
 * never touches the script's document and cannot be typed into.
 */
export function VersionDocument({ content }: { content: CheckpointContent }) {
  const editor = useEditor(
    {
      extensions: [...screenplayExtensions, PageLayoutExtension],
      content: content.document,
      editable: false,
      // As on the live page: TipTap's own <style> element is an inline style the CSP refuses.
      injectCSS: false,
      // No aria-readonly: a document role has none (only editable widgets do); it is read-only by not being editable.
      editorProps: { attributes: { class: 'screenplay', role: 'document', 'aria-label': 'Screenplay as it was' } },
    },
    [content],
  );
  return (
    <div className="screenplay-page">
      <EditorContent editor={editor} />
    </div>
  );
}

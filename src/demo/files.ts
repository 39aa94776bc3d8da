import { createHash } from 'node:crypto';

/**
 * The files the demo company's people attach (issue 20): references to its document store,
 * never bytes. Size and digest follow from the name, so the same seed writes the same
 * history and no random number is drawn for them (the rest of the story stays as it was).
 */
export function demoFile(
  folder: string,
  fileName: string,
  mediaType: string,
  customerVisible: boolean,
): {
  uri: string;
  mediaType: string;
  size: number;
  sha256: string;
  fileName: string;
  customerVisible: boolean;
} {
  const sha256 = createHash('sha256').update(`${folder}/${fileName}`).digest('hex');
  return {
    uri: `https://files.example-service.eu/${[...folder.split('/'), fileName].map(encodeURIComponent).join('/')}`,
    mediaType,
    size: 20_000 + (parseInt(sha256.slice(0, 6), 16) % 2_000_000),
    sha256,
    fileName,
    customerVisible,
  };
}

// The validated, read-only view of a BEP 3 v1 .torrent that the rest of Swarmhost uses.

export interface MetainfoFile {
  /**
   * Path inside the torrent, segments joined with '/'. For a single-file torrent it is
   * the torrent name; for a multi-file torrent it does not include the name (the
   * top-level folder). BEP 47 padding files (`.pad/…`) are listed like any other file.
   */
  readonly path: string;
  readonly length: number;
}

export interface Metainfo {
  /** info.name: the file name (single file) or top-level folder (multi file). */
  readonly name: string;
  readonly isMultiFile: boolean;
  /** Sum of all file lengths in bytes. */
  readonly totalSize: number;
  readonly pieceLength: number;
  readonly pieceCount: number;
  readonly files: readonly MetainfoFile[];
  /** BEP 27 info.private = 1. */
  readonly private: boolean;
  /** info.source: the tag private trackers put in the info dict to make the hash unique. */
  readonly source: string | undefined;
  /** SHA-1 of the info dict's exact bytes in the file, 40 lowercase hex characters. */
  readonly infoHash: string;
  readonly infoHashBuffer: Buffer;
  readonly announce: string | undefined;
  /** BEP 12 tiers, empty tiers dropped. */
  readonly announceList: readonly (readonly string[])[];
  /** BEP 19 url-list (web seeds). */
  readonly webSeeds: readonly string[];
  readonly comment: string | undefined;
  readonly createdBy: string | undefined;
  readonly creationDate: Date | undefined;
}

export interface ParseMetainfoOptions {
  /** Require canonical bencode (sorted, unique dict keys). Default true. */
  readonly strict?: boolean;
}

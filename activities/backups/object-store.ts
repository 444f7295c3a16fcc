import { Readable } from 'node:stream';
import {
  CreateBucketCommand, DeleteObjectCommand, GetObjectCommand, HeadBucketCommand, ListObjectsV2Command, S3Client, S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';

/** Where backups go: S3 or any S3-compatible store (MinIO, s3rver, ...). */
export interface S3Settings {
  /** Unset: AWS's own endpoint for the region. */
  endpoint?: string;
  region: string;
  bucket: string;
  /** Prepended to every key, e.g. `prod/`; lets several installations share a bucket. */
  prefix: string;
  /** Path-style addressing (http://host/bucket/key), which most S3-compatible servers need. */
  forcePathStyle: boolean;
  /** Unset: the AWS SDK's default credential chain (instance role, ...). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

export interface StoredObject {
  /** Key relative to the prefix. */
  key: string;
  size: number;
}

/** The few object operations backups need; keys are relative to the configured prefix. */
export interface ObjectStore {
  /** Streams `body` up (multipart for large objects); resolves with the bytes written. */
  put(key: string, body: AsyncIterable<Uint8Array> | Uint8Array): Promise<{ bytes: number }>;
  /** The object's bytes as a stream (or only its first bytes); null when it does not exist. */
  get(key: string, options?: { firstBytes?: number }): Promise<AsyncIterable<Uint8Array> | null>;
  list(prefix: string): Promise<StoredObject[]>;
  delete(key: string): Promise<void>;
  /** Creates the bucket when it is missing (local and compose stores; a production bucket exists already). */
  ensureBucket(): Promise<void>;
  /** `s3://bucket/prefix/key`, for the catalogue and messages. */
  location(key: string): string;
  close(): void;
}

const PART_BYTES = 8 * 1024 * 1024;

const isNotFound = (error: unknown) =>
  error instanceof S3ServiceException && (error.$metadata.httpStatusCode === 404 || error.name === 'NoSuchKey' || error.name === 'NotFound');

export function createS3ObjectStore(settings: S3Settings): ObjectStore {
  const client = new S3Client({
    region: settings.region,
    forcePathStyle: settings.forcePathStyle,
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    ...(settings.credentials ? { credentials: settings.credentials } : {}),
  });
  const { bucket } = settings;
  const full = (key: string) => `${settings.prefix}${key}`;

  return {
    async put(key, body) {
      let bytes = 0;
      async function* counted(): AsyncGenerator<Uint8Array> {
        for await (const chunk of body instanceof Uint8Array ? [body] : body) {
          bytes += chunk.byteLength;
          yield chunk;
        }
      }
      // Two parts in flight: enough to keep the line busy without holding much memory.
      const upload = new Upload({
        client, params: { Bucket: bucket, Key: full(key), Body: Readable.from(counted()), ContentType: 'application/octet-stream' },
        partSize: PART_BYTES, queueSize: 2, leavePartsOnError: false,
      });
      await upload.done();
      return { bytes };
    },

    async get(key, options) {
      try {
        const range = options?.firstBytes ? `bytes=0-${options.firstBytes - 1}` : undefined;
        const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: full(key), Range: range }));
        return out.Body as Readable;
      } catch (error) {
        if (isNotFound(error)) return null;
        throw error;
      }
    },

    async list(prefix) {
      const objects: StoredObject[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: full(prefix), ContinuationToken: token }));
        for (const o of page.Contents ?? []) {
          if (o.Key) objects.push({ key: o.Key.slice(settings.prefix.length), size: o.Size ?? 0 });
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return objects;
    },

    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: full(key) }));
    },

    async ensureBucket() {
      try {
        await client.send(new HeadBucketCommand({ Bucket: bucket }));
      } catch (error) {
        if (!isNotFound(error)) throw error;
        await client.send(new CreateBucketCommand({ Bucket: bucket }));
      }
    },

    location: (key) => `s3://${bucket}/${full(key)}`,
    close: () => client.destroy(),
  };
}

// The REST API's OpenAPI 3.1 description, written by hand next to the handlers and
// served at /api/v1/openapi.json; test/api-v1-openapi.test.ts checks that every route
// file in this folder is described here and nothing else is.
const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

const commonErrors = {
  '401': errorResponse('No token, or a token that is unknown on this site, revoked or expired'),
  '403': errorResponse('The token lacks the scope, or the member may not do this (e-mail not confirmed, downloads disabled)'),
  '429': errorResponse(
    "The token made too many requests, or (a search with q) the community's searches a second are spent; the Retry-After header says how many seconds to wait",
  ),
};

const torrentId = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } } as const;

export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'Swarmhost community API',
    version: '1.0.0',
    description:
      'Search, read, download and upload torrents on this community with an API token from Settings → API tokens. ' +
      'Every call: `Authorization: Bearer <token>`. Tokens with the `read` scope search, read and download; `upload` uploads. ' +
      'Each token may make 120 requests a minute.',
  },
  servers: [{ url: '/' }],
  security: [{ bearerToken: [] }],
  paths: {
    '/api/v1/torrents': {
      get: {
        operationId: 'searchTorrents',
        summary: 'Search (q) or list the newest approved torrents',
        parameters: [
          { name: 'q', in: 'query', schema: { type: 'string', maxLength: 200 }, description: 'Search words; without them, newest first' },
          { name: 'category', in: 'query', schema: { type: 'string' }, description: "A category's slug (GET /api/v1/categories)" },
          { name: 'tag', in: 'query', schema: { type: 'string' } },
          { name: 'freeleech', in: 'query', schema: { type: 'boolean' } },
          { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1, default: 1 } },
          { name: 'pageSize', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 25 } },
        ],
        responses: {
          '200': { description: 'One page of torrents', content: { 'application/json': { schema: { $ref: '#/components/schemas/TorrentPage' } } } },
          '400': errorResponse('A parameter is not valid'),
          ...commonErrors,
        },
      },
      post: {
        operationId: 'uploadTorrent',
        summary: 'Upload a .torrent (scope: upload)',
        description: 'The site re-writes the file as a private torrent with this tracker; the uploader downloads their own copy afterwards. Uploads wait for staff where the community moderates.',
        requestBody: {
          required: true,
          content: {
            'multipart/form-data': {
              schema: {
                type: 'object',
                required: ['file'],
                properties: {
                  file: { type: 'string', contentMediaType: 'application/x-bittorrent', description: 'The .torrent file (at most 10 MiB)' },
                  name: { type: 'string', maxLength: 250, description: "Defaults to the torrent's own name" },
                  category: { type: 'string', description: "A category's slug or id" },
                  tags: { type: 'string', description: 'Comma-separated, at most 10; or the field repeated' },
                  description: { type: 'string', maxLength: 20000, description: 'Markdown' },
                  anonymous: { type: 'boolean' },
                  imdb_id: { type: 'string', pattern: '^tt[0-9]{7,10}$', description: 'IMDb title id, e.g. tt0111161 (Torznab imdbid searches find it)' },
                  tmdb_id: { type: 'integer', minimum: 1, description: 'TMDB id, e.g. 278 (Torznab tmdbid searches find it)' },
                },
              },
            },
          },
        },
        responses: {
          '201': { description: 'Uploaded', content: { 'application/json': { schema: { $ref: '#/components/schemas/Uploaded' } } } },
          '400': errorResponse('The file or a field is not valid (the message says which and why)'),
          '409': errorResponse('This torrent is here already (details.torrentId), or a plan limit is reached'),
          ...commonErrors,
        },
      },
    },
    '/api/v1/torrents/{id}': {
      get: {
        operationId: 'getTorrent',
        summary: "A torrent's details",
        parameters: [torrentId],
        responses: {
          '200': { description: 'The torrent', content: { 'application/json': { schema: { $ref: '#/components/schemas/TorrentDetails' } } } },
          '404': errorResponse('No such torrent here'),
          ...commonErrors,
        },
      },
    },
    '/api/v1/torrents/{id}/download': {
      get: {
        operationId: 'downloadTorrent',
        summary: 'Your personalised .torrent file',
        parameters: [torrentId],
        responses: {
          '200': { description: 'The .torrent with your announce URL', content: { 'application/x-bittorrent': { schema: { type: 'string', contentMediaType: 'application/x-bittorrent' } } } },
          '404': errorResponse('No such torrent here'),
          ...commonErrors,
        },
      },
    },
    '/api/v1/categories': {
      get: {
        operationId: 'listCategories',
        summary: "The community's categories",
        responses: {
          '200': {
            description: 'Categories',
            content: { 'application/json': { schema: { type: 'object', properties: { items: { type: 'array', items: { $ref: '#/components/schemas/Category' } } } } } },
          },
          ...commonErrors,
        },
      },
    },
    '/api/v1/openapi.json': {
      get: {
        operationId: 'openApi',
        summary: 'This document',
        security: [],
        responses: { '200': { description: 'OpenAPI 3.1', content: { 'application/json': { schema: { type: 'object' } } } } },
      },
    },
  },
  components: {
    securitySchemes: { bearerToken: { type: 'http', scheme: 'bearer', description: 'An API token (starts with shk_)' } },
    schemas: {
      Error: {
        type: 'object',
        required: ['error'],
        properties: {
          error: {
            type: 'object',
            required: ['code', 'message'],
            properties: {
              code: { type: 'string', enum: ['BAD_REQUEST', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'TOO_MANY_REQUESTS', 'INTERNAL'] },
              message: { type: 'string', description: 'What was wrong and what to do' },
            },
          },
        },
      },
      Category: { type: 'object', properties: { id: { type: 'string', format: 'uuid' }, name: { type: 'string' }, slug: { type: 'string' } } },
      TorrentListItem: {
        type: 'object',
        properties: {
          id: { type: 'string', format: 'uuid' },
          name: { type: 'string' },
          size: { type: 'integer', description: 'Bytes' },
          fileCount: { type: 'integer' },
          seeders: { type: 'integer' },
          leechers: { type: 'integer' },
          snatches: { type: 'integer' },
          freeleechPercent: { type: 'integer', description: 'Share of the download not counted (0-100)' },
          doubleUpload: { type: 'boolean' },
          status: { type: 'string' },
          createdAt: { type: 'string', format: 'date-time' },
          category: { type: ['string', 'null'] },
          uploader: { type: ['string', 'null'] },
          tags: { type: 'array', items: { type: 'string' } },
          url: { type: 'string', format: 'uri' },
          downloadUrl: { type: 'string', format: 'uri' },
        },
      },
      TorrentPage: {
        type: 'object',
        properties: {
          items: { type: 'array', items: { $ref: '#/components/schemas/TorrentListItem' } },
          page: { type: 'integer' },
          pageSize: { type: 'integer' },
          hasMore: { type: 'boolean' },
        },
      },
      TorrentDetails: {
        type: 'object',
        properties: {
          id: { type: 'string', format: 'uuid' },
          name: { type: 'string' },
          infoHash: { type: 'string' },
          description: { type: 'string' },
          size: { type: 'integer' },
          files: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, length: { type: 'integer' } } } },
          status: { type: 'string' },
          freeleechPercent: { type: 'integer' },
          doubleUpload: { type: 'boolean' },
          imdbId: { type: ['string', 'null'], description: 'IMDb title id (tt…)' },
          tmdbId: { type: ['integer', 'null'], description: 'TMDB id' },
          seeders: { type: 'integer' },
          leechers: { type: 'integer' },
          snatchCount: { type: 'integer' },
          createdAt: { type: 'string', format: 'date-time' },
          category: { type: ['object', 'null'], properties: { id: { type: 'string' }, name: { type: 'string' }, slug: { type: 'string' } } },
          uploader: { type: ['string', 'null'] },
          tags: { type: 'array', items: { type: 'string' } },
          url: { type: 'string', format: 'uri' },
          downloadUrl: { type: 'string', format: 'uri' },
        },
      },
      Uploaded: {
        type: 'object',
        properties: {
          id: { type: 'string', format: 'uuid' },
          name: { type: 'string' },
          infoHash: { type: 'string' },
          status: { type: 'string', enum: ['approved', 'pending'] },
          url: { type: 'string', format: 'uri' },
          downloadUrl: { type: 'string', format: 'uri' },
        },
      },
    },
  },
} as const;

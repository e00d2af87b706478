import path from 'node:path';
import { CLIENT_MODULES } from '../redis';
import { getFileStamp } from './file-stamps';
import { findNearestManifest, readJsonWithComments } from './module-resolution';

/*
 * Whether a file belongs to a package of browser code: its nearest package.json depends on a UI
 * library (`react`, `vue`, `antd`, …) and on nothing that runs a server (a web framework, a
 * server-rendering framework, a Redis client). A single-page application's package, or a UI
 * component library: what they keep in memory lives as long as a browser tab. A package with both
 * halves (Next.js, Nuxt, Remix, a plugin with `server/` and `client/` folders) names a server
 * framework, or keeps its server code under a `server` folder or in `*.server.*` files, which the
 * caller checks.
 */

/** Libraries only a browser user interface needs. */
const UI_LIBRARIES: ReadonlySet<string> = new Set(['react', 'react-dom', 'vue', 'svelte', 'solid-js', 'preact', '@angular/core', 'antd', '@mui/material', '@chakra-ui/react']);

/**
 * What runs a server, renders one, or does what only a server does (a database driver, mail, a
 * Redis client): a package that names one, even among its development dependencies, is not browser
 * code alone.
 */
const SERVER_PACKAGES: ReadonlySet<string> = new Set([
  'next',
  'nuxt',
  '@sveltejs/kit',
  '@angular/ssr',
  '@builder.io/qwik-city',
  'astro',
  'vike',
  'express',
  'koa',
  'fastify',
  'hono',
  'h3',
  '@hapi/hapi',
  '@nestjs/core',
  '@trpc/server',
  '@apollo/server',
  'apollo-server',
  'graphql-yoga',
  'socket.io',
  'ws',
  'electron',
  'nodemailer',
  'resend',
  'pg',
  'mysql2',
  'mongodb',
  'mongoose',
  '@prisma/client',
  'typeorm',
  'sequelize',
  'knex',
  ...CLIENT_MODULES,
]);
/** Families of server packages: Remix, React Router's server, TanStack Start, SolidStart, React Email. */
const SERVER_SCOPES = /^@(?:remix-run|react-router|react-email|solidjs\/start)(?:\/|$)|^@tanstack\/[\w-]*start\b/;

const byManifest = new Map<string, { readonly mtimeMs: number | undefined; readonly browser: boolean }>();
const MAX_MANIFESTS = 1024;

/** Whether `filename` (absolute) lies in a package of browser code; `false` when unknown. */
export function isInBrowserPackage(filename: string): boolean {
  if (!path.isAbsolute(filename)) return false;
  const manifest = findNearestManifest(path.dirname(filename));
  if (!manifest) return false;
  const mtimeMs = getFileStamp(manifest)?.mtimeMs;
  const known = byManifest.get(manifest);
  if (known && known.mtimeMs === mtimeMs) return known.browser;
  const browser = isBrowserManifest(readJsonWithComments(manifest));
  byManifest.set(manifest, { mtimeMs, browser });
  if (byManifest.size > MAX_MANIFESTS) byManifest.delete(byManifest.keys().next().value!);
  return browser;
}

/**
 * A manifest whose dependencies (peer ones too) name a UI library, and whose dependencies of any
 * kind (development ones too: a dev server, Electron) name nothing of a server. The packages of the
 * workspace it depends on are not looked into: a single-page application shares them with its
 * server (a `common` package), so what they depend on says nothing of where this one runs.
 */
function isBrowserManifest(manifest: unknown): boolean {
  if (!manifest || typeof manifest !== 'object') return false;
  const { dependencies, peerDependencies, devDependencies } = manifest as Record<string, unknown>;
  const lists = [dependencies, peerDependencies, devDependencies].map((list) => (list && typeof list === 'object' ? (list as Record<string, unknown>) : {}));
  const runtime = [...Object.keys(lists[0]!), ...Object.keys(lists[1]!)];
  const all = lists.flatMap((list) => Object.keys(list));
  const isServer = (name: string) => SERVER_PACKAGES.has(name) || SERVER_SCOPES.test(name);
  return runtime.some((name) => UI_LIBRARIES.has(name)) && !all.some(isServer);
}

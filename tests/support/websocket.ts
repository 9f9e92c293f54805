import ws from 'ws';

// Node 20 has no global WebSocket; supabase-js builds its realtime client eagerly and needs one.
globalThis.WebSocket ??= ws as unknown as typeof WebSocket;

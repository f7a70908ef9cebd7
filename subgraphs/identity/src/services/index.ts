/** Builds the identity subgraph's services over its stores. */
import type { SubgraphRuntime } from '@mc/kit';
import { CredentialStore } from '../db/credential-store.ts';
import { H5Store } from '../db/h5-store.ts';
import { InviteStore } from '../db/invite-store.ts';
import { MemberStore } from '../db/member-store.ts';
import { OrganizationStore } from '../db/organization-store.ts';
import { UserStore } from '../db/user-store.ts';
import { loadIdentityEnv } from '../env.ts';
import { AccessEvents } from './access-events.ts';
import { AccessGuard } from './access-guard.ts';
import { CredentialService } from './credential-service.ts';
import { H5AuthService } from './h5-auth-service.ts';
import { H5UserService } from './h5-user-service.ts';
import { InviteService } from './invite-service.ts';
import { MemberService } from './member-service.ts';
import { OrganizationService } from './organization-service.ts';
import { PasswordHasher } from './passwords.ts';
import { PrincipalService } from './principal-service.ts';

export interface IdentityServices {
  organizations: OrganizationService;
  members: MemberService;
  invites: InviteService;
  h5Auth: H5AuthService;
  h5Users: H5UserService;
  credentials: CredentialService;
  principals: PrincipalService;
  /** Batched reads behind dataloaders. */
  users: UserStore;
  memberStore: MemberStore;
}

export function createIdentityServices(runtime: SubgraphRuntime): IdentityServices {
  const env = loadIdentityEnv(runtime.envSource);
  if (!env.H5_JWT_SECRET) runtime.logger.warn('H5_JWT_SECRET is not set: H5 register, login and refresh will fail');
  const db = runtime.database.db;
  const clock = runtime.clock;
  const users = new UserStore(db);
  const members = new MemberStore(db);
  const orgStore = new OrganizationStore(db);
  const h5Store = new H5Store(db);
  const guard = new AccessGuard(members);
  const events = new AccessEvents(runtime);
  const passwords = new PasswordHasher({ memoryCost: env.H5_ARGON2_MEMORY_KIB, timeCost: env.H5_ARGON2_TIME_COST });
  return {
    organizations: new OrganizationService({ store: orgStore, members, users, guard, events }),
    members: new MemberService({ store: members, users, guard, events }),
    invites: new InviteService({ store: new InviteStore(db), guard, events, clock }),
    h5Auth: new H5AuthService({
      database: runtime.database,
      domainEvents: runtime.events,
      store: h5Store,
      organizations: orgStore,
      passwords,
      limiter: runtime.rateLimiter,
      limits: {
        login: { name: 'h5-login', limit: env.H5_LOGIN_LIMIT, windowSeconds: env.H5_LOGIN_WINDOW_SECONDS },
        register: { name: 'h5-register', limit: env.H5_REGISTER_LIMIT, windowSeconds: env.H5_REGISTER_WINDOW_SECONDS },
        refresh: { name: 'h5-refresh', limit: env.H5_REFRESH_LIMIT, windowSeconds: env.H5_REFRESH_WINDOW_SECONDS },
      },
      events,
      clock,
      jwtSecret: env.H5_JWT_SECRET,
    }),
    h5Users: new H5UserService({ store: h5Store, guard, passwords, events, clock }),
    credentials: new CredentialService({ store: new CredentialStore(db), guard, events, clock }),
    principals: new PrincipalService({ users, members }),
    users,
    memberStore: members,
  };
}

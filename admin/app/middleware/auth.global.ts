/** Every page but sign-in needs a stored credential. */
const PUBLIC_PATHS = new Set(['/sign-in', '/auth/callback']);

export default defineNuxtRouteMiddleware((to) => {
  const { signedIn } = useSession();
  if (!signedIn.value && !PUBLIC_PATHS.has(to.path)) return navigateTo('/sign-in');
});

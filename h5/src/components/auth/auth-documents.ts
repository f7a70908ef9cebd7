/** The H5 account operations (identity). */
import { graphql } from '../../graphql/generated/index.ts';

export const H5_LOGIN = graphql(`
  mutation H5Login($input: H5LoginInput!) {
    h5Login(input: $input) {
      __typename
      ... on H5Session { accessToken accessTokenExpiresAt refreshToken refreshTokenExpiresAt
        user { id email displayName } organization { id name } }
      ... on DomainError { code message field }
    }
  }
`);

export const H5_REGISTER = graphql(`
  mutation H5Register($input: H5RegisterInput!) {
    h5Register(input: $input) {
      __typename
      ... on H5Session { accessToken accessTokenExpiresAt refreshToken refreshTokenExpiresAt
        user { id email displayName } organization { id name } }
      ... on DomainError { code message field }
    }
  }
`);

export const H5_REFRESH = graphql(`
  mutation H5Refresh($refreshToken: String!) {
    h5Refresh(refreshToken: $refreshToken) {
      __typename
      ... on H5Session { accessToken accessTokenExpiresAt refreshToken refreshTokenExpiresAt
        user { id email displayName } organization { id name } }
      ... on DomainError { code message }
    }
  }
`);

export const H5_LOGOUT = graphql(`
  mutation H5Logout($refreshToken: String!) {
    h5Logout(refreshToken: $refreshToken)
  }
`);

export const UPDATE_PROFILE = graphql(`
  mutation UpdateH5Profile($input: UpdateH5ProfileInput!) {
    updateH5Profile(input: $input) {
      __typename
      ... on H5User { id displayName }
      ... on DomainError { code message field }
    }
  }
`);
